package directory

import (
	"context"
	"strings"

	"orgdir/ent"
	"orgdir/ent/groupgrant"
	"orgdir/internal/gid"
)

// productSlugs name products in default group names, as in jira-users-acme-eng.
var productSlugs = map[groupgrant.Product]string{
	groupgrant.ProductJIRA:                    "jira",
	groupgrant.ProductCONFLUENCE:              "confluence",
	groupgrant.ProductJIRA_SERVICE_MANAGEMENT: "jira-servicemanagement",
	groupgrant.ProductJIRA_PRODUCT_DISCOVERY:  "jira-product-discovery",
	groupgrant.ProductBITBUCKET:               "bitbucket",
	groupgrant.ProductOPSGENIE:                "opsgenie",
	groupgrant.ProductSTATUSPAGE:              "statuspage",
	groupgrant.ProductTRELLO:                  "trello",
}

// DefaultGroupName is the name of the default group granting role on product of a site.
func DefaultGroupName(p groupgrant.Product, r groupgrant.Role, siteName string) string {
	kind := "users"
	if r == groupgrant.RoleADMIN {
		kind = "admins"
	}
	return productSlugs[p] + "-" + kind + "-" + siteName
}

// CreateSite creates a site of org with its products and, for each product and role,
// the default group that grants it.
func CreateSite(ctx context.Context, tx *ent.Tx, org gid.ID, name, url string, products []groupgrant.Product) (*ent.Site, error) {
	names := make([]string, len(products))
	for i, p := range products {
		names[i] = string(p)
	}
	st, err := tx.Site.Create().SetOrgID(org).SetName(strings.ToLower(name)).SetURL(url).SetProducts(names).Save(ctx)
	if err != nil {
		return nil, err
	}
	for _, p := range products {
		for _, r := range []groupgrant.Role{groupgrant.RoleUSER, groupgrant.RoleADMIN} {
			g, err := tx.Group.Create().SetSiteID(st.ID).SetName(DefaultGroupName(p, r, st.Name)).
				SetDescription("Default group: " + strings.ToLower(string(r)) + " access to " + productNames[p]).
				SetIsDefault(true).Save(ctx)
			if err != nil {
				return nil, err
			}
			if err := tx.GroupGrant.Create().SetGroupID(g.ID).SetProduct(p).SetRole(r).Exec(ctx); err != nil {
				return nil, err
			}
		}
	}
	return st, nil
}

// productNames are the display names of PRODUCT.md §1.
var productNames = map[groupgrant.Product]string{
	groupgrant.ProductJIRA:                    "Jira",
	groupgrant.ProductCONFLUENCE:              "Confluence",
	groupgrant.ProductJIRA_SERVICE_MANAGEMENT: "Jira Service Management",
	groupgrant.ProductJIRA_PRODUCT_DISCOVERY:  "Jira Product Discovery",
	groupgrant.ProductBITBUCKET:               "Bitbucket",
	groupgrant.ProductOPSGENIE:                "OpsGenie",
	groupgrant.ProductSTATUSPAGE:              "StatusPage",
	groupgrant.ProductTRELLO:                  "Trello",
}

// ProductName returns the display name of a product.
func ProductName(p groupgrant.Product) string { return productNames[p] }
