-- Pages and exports of an organization's accounts in id order (the API's default order,
-- and the CSV export's batches) filter on the managing organization and walk ids. With
-- only the (managing_org_id, status) index the database sorted the whole organization
-- for every page or batch of 500: at 1M accounts an export was 2,000 full sorts (found
-- by make bench, W6). This index serves the filter and the order together. It sits with
-- the other lookup indexes found by the benchmark, outside the planned schema files.
CREATE INDEX IF NOT EXISTS account_managing_org_id_id ON accounts (managing_org_id, id);
