-- Fills org_users.products (added empty by the migration before this one) and the product
-- counters of existing organizations: user_stat_cells rows with scope "<org id>/<PRODUCT>"
-- count an organization's Users rows that have the product through a group of one of
-- their current memberships on the organization's sites, by the row's status. From here
-- on internal/directory keeps both in step (SyncOrgUser), writing the products sorted,
-- as here.
UPDATE org_users SET products = COALESCE((
	SELECT string_agg(product, ',' ORDER BY product) FROM (
		SELECT DISTINCT gg.product FROM memberships m
		JOIN sites s ON s.id = m.site_id
		JOIN group_members gm ON gm.membership_id = m.id
		JOIN group_grants gg ON gg.group_id = gm.group_id
		WHERE m.account_id = org_users.account_id AND s.org_id = org_users.org_id AND m.removed_at IS NULL
		ORDER BY gg.product) AS p), '');
INSERT INTO user_stat_cells (scope_id, status, count)
	SELECT ou.org_id || '/' || gg.product, ou.status, COUNT(DISTINCT ou.id)
	FROM org_users ou
	JOIN memberships m ON m.account_id = ou.account_id AND m.removed_at IS NULL
	JOIN sites s ON s.id = m.site_id AND s.org_id = ou.org_id
	JOIN group_members gm ON gm.membership_id = m.id
	JOIN group_grants gg ON gg.group_id = gm.group_id
	GROUP BY ou.org_id, gg.product, ou.status;
