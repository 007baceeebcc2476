package graph_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"orgdir/internal/gid"
	"orgdir/internal/testkit"
)

// us1StatusWorld adds to the World three external users of both Acme sites:
// Ann ACTIVE on acme-eng and SUSPENDED on acme-support, Ivan SUSPENDED on acme-eng and
// INVITED on acme-support, Sam SUSPENDED on both.
type us1StatusWorld struct{ Ann, Ivan, Sam gid.ID }

func us1BuildStatusWorld(t *testing.T, acme *testkit.Client, w *testkit.World) us1StatusWorld {
	t.Helper()
	emails := []string{"ann@ext.test", "ivan@ext.test", "sam@ext.test"}
	ms := us1MustInvite(t, acme, w.AcmeEng, emails, nil, nil)
	require.Len(t, ms, 3)
	us1MustInvite(t, acme, w.AcmeSupport, emails, nil, nil)
	sw := us1StatusWorld{Ann: ms[0].Account.ID, Ivan: ms[1].Account.ID, Sam: ms[2].Account.ID}
	require.Equal(t, "ACTIVE", us1Activity(t, acme, w.AcmeEng, sw.Ann, testkit.Start.Add(-time.Minute)).Status)
	us1MustSiteMutation(t, acme, "suspendUser", w.AcmeSupport, sw.Ann)
	us1MustSiteMutation(t, acme, "suspendUser", w.AcmeEng, sw.Ivan)
	us1MustSiteMutation(t, acme, "suspendUser", w.AcmeEng, sw.Sam)
	us1MustSiteMutation(t, acme, "suspendUser", w.AcmeSupport, sw.Sam)
	return sw
}

// us1RequireStatsMatchOrgList checks that Organization.userStats counts the rows of
// Organization.users, in total and by (aggregate) status.
func us1RequireStatsMatchOrgList(t *testing.T, c *testkit.Client, org gid.ID) us1Stats {
	t.Helper()
	stats := us1OrgStats(t, c, org)
	count := func(status string) int {
		if status == "" {
			return len(us1OrgUsers(t, c, org, nil))
		}
		return len(us1OrgUsers(t, c, org, map[string]any{"where": map[string]any{"status": status}}))
	}
	require.Equal(t, us1Stats{count(""), count("ACTIVE"), count("INVITED"), count("SUSPENDED")}, stats)
	return stats
}

// us1RequireStatsMatchSiteList checks that Site.userStats counts the rows of Site.users.
func us1RequireStatsMatchSiteList(t *testing.T, c *testkit.Client, site gid.ID) us1Stats {
	t.Helper()
	stats := us1SiteStats(t, c, site)
	count := func(status string) int {
		if status == "" {
			return len(us1SiteUsers(t, c, site, nil))
		}
		return len(us1SiteUsers(t, c, site, map[string]any{"where": map[string]any{"status": status}}))
	}
	require.Equal(t, us1Stats{count(""), count("ACTIVE"), count("INVITED"), count("SUSPENDED")}, stats)
	return stats
}

func TestRule3_CentralizedListShowsOneRowPerAccountWithAggregateStatus(t *testing.T) {
	_, w, acme, _ := us1Setup(t)
	sw := us1BuildStatusWorld(t, acme, w)
	rows := us1OrgUsers(t, acme, w.Acme, nil)

	t.Run("one row per account, whatever the number of sites", func(t *testing.T) {
		ids := map[gid.ID]int{}
		for _, u := range rows {
			ids[u.Account.ID]++
		}
		require.Equal(t, map[gid.ID]int{w.Alice: 1, w.Gus: 1, w.Eve: 1, sw.Ann: 1, sw.Ivan: 1, sw.Sam: 1}, ids)
	})

	t.Run("the row's status is ACTIVE if active anywhere, else INVITED if invited anywhere, else SUSPENDED", func(t *testing.T) {
		want := map[gid.ID]string{w.Alice: "ACTIVE", w.Gus: "ACTIVE", w.Eve: "INVITED",
			sw.Ann: "ACTIVE", sw.Ivan: "INVITED", sw.Sam: "SUSPENDED"}
		for id, status := range want {
			u := us1FindOrgUser(rows, id)
			require.NotNil(t, u, id)
			require.Equal(t, status, u.Status, u.Account.Email)
		}
	})

	t.Run("memberships list the status on each site", func(t *testing.T) {
		perSite := func(id gid.ID) map[gid.ID]string {
			out := map[gid.ID]string{}
			for _, m := range us1FindOrgUser(rows, id).Memberships {
				out[m.Site.ID] = m.Status
			}
			return out
		}
		require.Equal(t, map[gid.ID]string{w.AcmeEng: "ACTIVE", w.AcmeSupport: "SUSPENDED"}, perSite(sw.Ann))
		require.Equal(t, map[gid.ID]string{w.AcmeEng: "SUSPENDED", w.AcmeSupport: "INVITED"}, perSite(sw.Ivan))
		require.Equal(t, map[gid.ID]string{w.AcmeEng: "SUSPENDED", w.AcmeSupport: "SUSPENDED"}, perSite(sw.Sam))
		require.Equal(t, map[gid.ID]string{w.AcmeEng: "ACTIVE"}, perSite(w.Alice), "Alice's Globex membership is not Acme's")
	})

	t.Run("the status filter uses the aggregate status", func(t *testing.T) {
		filter := func(status string) []string {
			return us1OrgEmails(t, acme, w.Acme, map[string]any{"where": map[string]any{"status": status}})
		}
		require.Equal(t, []string{"alice@acme.test", "ann@ext.test", "gus@globex.test"}, filter("ACTIVE"))
		require.Equal(t, []string{"eve@gmail.test", "ivan@ext.test"}, filter("INVITED"))
		require.Equal(t, []string{"sam@ext.test"}, filter("SUSPENDED"), "Ann and Ivan are suspended on a site but not everywhere")
	})

	t.Run("userStats count accounts by aggregate status and match the list", func(t *testing.T) {
		require.Equal(t, us1Stats{Total: 6, Active: 3, Invited: 2, Suspended: 1}, us1RequireStatsMatchOrgList(t, acme, w.Acme))
	})

	t.Run("each site's list has one row per membership and its userStats match it", func(t *testing.T) {
		require.Equal(t, us1Stats{Total: 6, Active: 3, Invited: 1, Suspended: 2}, us1RequireStatsMatchSiteList(t, acme, w.AcmeEng))
		require.Equal(t, us1Stats{Total: 3, Active: 0, Invited: 1, Suspended: 2}, us1RequireStatsMatchSiteList(t, acme, w.AcmeSupport))
		require.Equal(t, []string{"ann@ext.test", "ivan@ext.test", "sam@ext.test"}, us1SiteEmails(t, acme, w.AcmeSupport, nil))
	})

	t.Run("restoring Sam on one site makes him INVITED everywhere on the list and moves the counts", func(t *testing.T) {
		us1MustSiteMutation(t, acme, "restoreUser", w.AcmeSupport, sw.Sam)
		require.Equal(t, "INVITED", us1FindOrgUser(us1OrgUsers(t, acme, w.Acme, nil), sw.Sam).Status)
		require.Equal(t, us1Stats{Total: 6, Active: 3, Invited: 3, Suspended: 0}, us1RequireStatsMatchOrgList(t, acme, w.Acme))
		require.Equal(t, us1Stats{Total: 3, Active: 0, Invited: 2, Suspended: 1}, us1RequireStatsMatchSiteList(t, acme, w.AcmeSupport))
	})
}

func TestRule3_OriginalExperienceListsOneRowPerMembershipOfOneSite(t *testing.T) {
	env, w, acme, globex := us1Setup(t)
	us1MustInvite(t, globex, w.GlobexSite, []string{"gus@globex.test", "eve@gmail.test"}, nil, nil)
	rows := us1SiteUsers(t, globex, w.GlobexSite, nil)

	t.Run("the Globex admin sees one row per membership of Globex's site", func(t *testing.T) {
		require.Equal(t, []string{"alice@acme.test", "eve@gmail.test", "gina@globex.test", "gus@globex.test"},
			us1SiteEmails(t, globex, w.GlobexSite, nil))
		for _, u := range rows {
			require.Equal(t, w.GlobexSite, u.Site.ID, "only memberships of this site")
			require.Equal(t, "mem", u.ID.Prefix(), "rows are memberships")
		}
	})

	t.Run("each row has this site's status, not the account's status elsewhere", func(t *testing.T) {
		gus := us1FindSiteUser(rows, w.Gus)
		require.Equal(t, "INVITED", gus.Status, "Gus is ACTIVE on acme-eng but only invited here")
		require.True(t, gus.SiteAccount.Managed, "Globex manages Gus")
		require.Equal(t, "ACTIVE", us1FindSiteUser(rows, w.Alice).Status)
		require.False(t, us1FindSiteUser(rows, w.Alice).SiteAccount.Managed)
		require.Equal(t, "ACTIVE", us1FindSiteUser(us1SiteUsers(t, acme, w.AcmeEng, nil), w.Gus).Status)
	})

	t.Run("the site's userStats match its list", func(t *testing.T) {
		require.Equal(t, us1Stats{Total: 4, Active: 2, Invited: 2, Suspended: 0}, us1RequireStatsMatchSiteList(t, globex, w.GlobexSite))
	})

	t.Run("the site admin sees the same list", func(t *testing.T) {
		sa := env.Login(testkit.SiteAdminEmail, testkit.Password)
		require.Equal(t, us1SiteEmails(t, globex, w.GlobexSite, nil), us1SiteEmails(t, sa, w.GlobexSite, nil))
		require.Equal(t, us1SiteStats(t, globex, w.GlobexSite), us1SiteStats(t, sa, w.GlobexSite))
	})

	t.Run("Acme does not see Globex's site list", func(t *testing.T) {
		r := acme.Query(`query($site: ID!) { site(id: $site) { users(first: 10) { totalCount } } }`, map[string]any{"site": w.GlobexSite})
		require.Equal(t, "NOT_FOUND", r.Code())
	})

	t.Run("Acme's lists do not show the Globex memberships", func(t *testing.T) {
		gus := us1FindOrgUser(us1OrgUsers(t, acme, w.Acme, nil), w.Gus)
		require.Len(t, gus.Memberships, 1)
		require.Equal(t, w.AcmeEng, gus.Memberships[0].Site.ID)
		require.Equal(t, us1Stats{Total: 3, Active: 2, Invited: 1}, us1OrgStats(t, acme, w.Acme))
	})
}

// us1FilterWorld adds to the World, for the filters:
//   - Bob (managed), ACTIVE on acme-support with Jira Service Management, last active 40 days ago;
//   - Xena (external), INVITED on acme-eng with Confluence and on acme-support with nothing;
//   - Yuri (external), SUSPENDED on acme-eng.
//
// With Alice (managed) and Gus (external) ACTIVE Jira users of acme-eng an hour before
// the start and Eve INVITED there.
type us1FilterWorld struct{ Xena, Yuri gid.ID }

func us1BuildFilterWorld(t *testing.T, acme *testkit.Client, w *testkit.World) us1FilterWorld {
	t.Helper()
	us1MustInvite(t, acme, w.AcmeSupport, []string{"bob@acme.test"},
		[]map[string]any{{"product": "JIRA_SERVICE_MANAGEMENT", "role": "USER"}}, nil)
	us1Activity(t, acme, w.AcmeSupport, w.Bob, testkit.Start.Add(-40*24*time.Hour))
	xena := us1MustInvite(t, acme, w.AcmeEng, []string{"xena@ext.test"},
		[]map[string]any{{"product": "CONFLUENCE", "role": "USER"}}, nil)[0].Account.ID
	us1MustInvite(t, acme, w.AcmeSupport, []string{"xena@ext.test"}, nil, nil)
	yuri := us1MustInvite(t, acme, w.AcmeEng, []string{"yuri@ext.test"}, nil, nil)[0].Account.ID
	us1MustSiteMutation(t, acme, "suspendUser", w.AcmeEng, yuri)
	return us1FilterWorld{Xena: xena, Yuri: yuri}
}

func TestRule3_UsersListFilters(t *testing.T) {
	_, w, acme, _ := us1Setup(t)
	us1BuildFilterWorld(t, acme, w)
	where := func(f map[string]any) map[string]any { return map[string]any{"where": f} }
	day := testkit.Start.Add(-24 * time.Hour).Format(time.RFC3339)
	now := testkit.Start.Format(time.RFC3339)

	t.Run("the centralized list filters by status, site, product, group, managed and last active", func(t *testing.T) {
		cases := []struct {
			name   string
			filter map[string]any
			want   []string
		}{
			{"status ACTIVE", map[string]any{"status": "ACTIVE"}, []string{"alice@acme.test", "bob@acme.test", "gus@globex.test"}},
			{"status INVITED", map[string]any{"status": "INVITED"}, []string{"eve@gmail.test", "xena@ext.test"}},
			{"status SUSPENDED", map[string]any{"status": "SUSPENDED"}, []string{"yuri@ext.test"}},
			{"siteId acme-support", map[string]any{"siteId": w.AcmeSupport}, []string{"bob@acme.test", "xena@ext.test"}},
			{"siteId acme-eng", map[string]any{"siteId": w.AcmeEng},
				[]string{"alice@acme.test", "eve@gmail.test", "gus@globex.test", "xena@ext.test", "yuri@ext.test"}},
			{"product JIRA", map[string]any{"product": "JIRA"}, []string{"alice@acme.test", "gus@globex.test"}},
			{"product CONFLUENCE", map[string]any{"product": "CONFLUENCE"}, []string{"xena@ext.test"}},
			{"product JIRA_SERVICE_MANAGEMENT", map[string]any{"product": "JIRA_SERVICE_MANAGEMENT"}, []string{"bob@acme.test"}},
			{"product TRELLO, on no Acme site", map[string]any{"product": "TRELLO"}, []string{}},
			{"groupId jira-users-acme-eng", map[string]any{"groupId": w.AcmeJiraUsers}, []string{"alice@acme.test", "gus@globex.test"}},
			{"managed", map[string]any{"managed": true}, []string{"alice@acme.test", "bob@acme.test"}},
			{"not managed", map[string]any{"managed": false}, []string{"eve@gmail.test", "gus@globex.test", "xena@ext.test", "yuri@ext.test"}},
			{"lastActiveBefore a day ago", map[string]any{"lastActiveBefore": day}, []string{"bob@acme.test"}},
			{"lastActiveBefore now", map[string]any{"lastActiveBefore": now}, []string{"alice@acme.test", "bob@acme.test", "gus@globex.test"}},
			{"status INVITED on acme-support", map[string]any{"status": "INVITED", "siteId": w.AcmeSupport}, []string{"xena@ext.test"}},
			{"managed Jira users", map[string]any{"managed": true, "product": "JIRA"}, []string{"alice@acme.test"}},
		}
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				require.Equal(t, tc.want, us1OrgEmails(t, acme, w.Acme, where(tc.filter)))
			})
		}
	})

	t.Run("the site list filters the site's memberships the same way", func(t *testing.T) {
		cases := []struct {
			name   string
			site   gid.ID
			filter map[string]any
			want   []string
		}{
			{"status ACTIVE on acme-eng", w.AcmeEng, map[string]any{"status": "ACTIVE"}, []string{"alice@acme.test", "gus@globex.test"}},
			{"status INVITED on acme-eng", w.AcmeEng, map[string]any{"status": "INVITED"}, []string{"eve@gmail.test", "xena@ext.test"}},
			{"status SUSPENDED on acme-eng", w.AcmeEng, map[string]any{"status": "SUSPENDED"}, []string{"yuri@ext.test"}},
			{"status INVITED on acme-support", w.AcmeSupport, map[string]any{"status": "INVITED"}, []string{"xena@ext.test"}},
			{"siteId of the site itself", w.AcmeEng, map[string]any{"siteId": w.AcmeEng},
				[]string{"alice@acme.test", "eve@gmail.test", "gus@globex.test", "xena@ext.test", "yuri@ext.test"}},
			{"product CONFLUENCE on acme-eng", w.AcmeEng, map[string]any{"product": "CONFLUENCE"}, []string{"xena@ext.test"}},
			{"product JIRA on acme-eng", w.AcmeEng, map[string]any{"product": "JIRA"}, []string{"alice@acme.test", "gus@globex.test"}},
			{"product JIRA_SERVICE_MANAGEMENT on acme-support", w.AcmeSupport, map[string]any{"product": "JIRA_SERVICE_MANAGEMENT"}, []string{"bob@acme.test"}},
			{"groupId jira-users-acme-eng", w.AcmeEng, map[string]any{"groupId": w.AcmeJiraUsers}, []string{"alice@acme.test", "gus@globex.test"}},
			{"managed on acme-eng", w.AcmeEng, map[string]any{"managed": true}, []string{"alice@acme.test"}},
			{"not managed on acme-eng", w.AcmeEng, map[string]any{"managed": false}, []string{"eve@gmail.test", "gus@globex.test", "xena@ext.test", "yuri@ext.test"}},
			{"not managed on acme-support", w.AcmeSupport, map[string]any{"managed": false}, []string{"xena@ext.test"}},
			{"lastActiveBefore now on acme-eng", w.AcmeEng, map[string]any{"lastActiveBefore": now}, []string{"alice@acme.test", "gus@globex.test"}},
			{"lastActiveBefore a day ago on acme-eng", w.AcmeEng, map[string]any{"lastActiveBefore": day}, []string{}},
			{"lastActiveBefore a day ago on acme-support", w.AcmeSupport, map[string]any{"lastActiveBefore": day}, []string{"bob@acme.test"}},
		}
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				require.Equal(t, tc.want, us1SiteEmails(t, acme, tc.site, where(tc.filter)))
			})
		}
	})
}

func TestRule3_UsersListSearch(t *testing.T) {
	_, w, acme, _ := us1Setup(t)
	us1BuildFilterWorld(t, acme, w)
	search := func(term string) map[string]any { return map[string]any{"search": term} }

	t.Run("a term of 3 or more characters matches a substring of the name or email, in any case", func(t *testing.T) {
		require.Equal(t, []string{"alice@acme.test"}, us1OrgEmails(t, acme, w.Acme, search("nders")))
		require.Equal(t, []string{"gus@globex.test"}, us1OrgEmails(t, acme, w.Acme, search("GLOBEX")))
		require.Equal(t, []string{"alice@acme.test", "bob@acme.test"}, us1OrgEmails(t, acme, w.Acme, search("acme.test")))
		require.Equal(t, []string{"eve@gmail.test"}, us1OrgEmails(t, acme, w.Acme, search("External")))
		require.Equal(t, []string{"alice@acme.test"}, us1SiteEmails(t, acme, w.AcmeEng, search("nders")))
		require.Equal(t, []string{"gus@globex.test"}, us1SiteEmails(t, acme, w.AcmeEng, search("lobe")))
		require.Equal(t, []string{}, us1SiteEmails(t, acme, w.AcmeSupport, search("nders")), "Alice is not on acme-support")
	})

	t.Run("a term under 3 characters matches a prefix of the name or email", func(t *testing.T) {
		require.Equal(t, []string{"gus@globex.test"}, us1OrgEmails(t, acme, w.Acme, search("gu")))
		require.Equal(t, []string{"xena@ext.test"}, us1OrgEmails(t, acme, w.Acme, search("Xe")))
		require.Equal(t, []string{}, us1OrgEmails(t, acme, w.Acme, search("us")), "\"us\" is inside Gus, not at its start")
		require.Equal(t, []string{}, us1OrgEmails(t, acme, w.Acme, search("an")), "\"an\" starts a word of Alice Anders, not her name")
		require.Equal(t, []string{"alice@acme.test"}, us1OrgEmails(t, acme, w.Acme, search("and")), "3 characters: substring")
		require.Equal(t, []string{"gus@globex.test"}, us1SiteEmails(t, acme, w.AcmeEng, search("gu")))
		require.Equal(t, []string{}, us1SiteEmails(t, acme, w.AcmeEng, search("us")))
		require.Equal(t, []string{"bob@acme.test"}, us1SiteEmails(t, acme, w.AcmeSupport, search("b")))
	})

	t.Run("search combines with the filters", func(t *testing.T) {
		require.Equal(t, []string{"alice@acme.test"}, us1OrgEmails(t, acme, w.Acme,
			map[string]any{"search": "acme", "where": map[string]any{"siteId": w.AcmeEng}}))
		require.Equal(t, []string{"bob@acme.test"}, us1OrgEmails(t, acme, w.Acme,
			map[string]any{"search": "acme", "where": map[string]any{"lastActiveBefore": testkit.Start.Add(-24 * time.Hour).Format(time.RFC3339)}}))
	})
}

// us1Row is one row of either list, reduced to what ordering needs.
type us1Row struct {
	Key                 string // the membership id (site list) or account id (centralized list)
	Name, Email, Status string
	LastActive          int64
}

func us1OrgRow(u us1OrgUser) us1Row {
	r := us1Row{Key: string(u.Account.ID), Name: u.Account.Name, Email: u.Account.Email, Status: u.Status}
	if u.LastActiveAt != nil {
		r.LastActive = u.LastActiveAt.Unix()
	}
	return r
}

func us1SiteRow(u us1SiteUser) us1Row {
	r := us1Row{Key: string(u.ID), Name: u.SiteAccount.Name, Email: u.SiteAccount.Email, Status: u.Status}
	if u.LastActiveAt != nil {
		r.LastActive = u.LastActiveAt.Unix()
	}
	return r
}

// us1Compare compares two rows on an order field; never active sorts as the oldest.
func us1Compare(field string, a, b us1Row) int {
	switch field {
	case "NAME":
		return strings.Compare(strings.ToLower(a.Name), strings.ToLower(b.Name))
	case "EMAIL":
		return strings.Compare(strings.ToLower(a.Email), strings.ToLower(b.Email))
	case "LAST_ACTIVE":
		switch {
		case a.LastActive < b.LastActive:
			return -1
		case a.LastActive > b.LastActive:
			return 1
		}
		return 0
	case "STATUS":
		return strings.Compare(a.Status, b.Status)
	}
	panic(field)
}

// us1PageAll pages through a list two rows at a time and returns the rows in order.
func us1PageAll(t *testing.T, page func(args map[string]any) ([]us1Row, bool, *string, int), args map[string]any) []us1Row {
	t.Helper()
	var out []us1Row
	vars := map[string]any{"first": 2}
	for k, v := range args {
		vars[k] = v
	}
	for i := 0; ; i++ {
		require.Less(t, i, 50, "paging does not end")
		rows, next, end, total := page(vars)
		require.LessOrEqual(t, len(rows), 2)
		out = append(out, rows...)
		if !next {
			require.Equal(t, total, len(out), "paging reaches every row")
			return out
		}
		require.NotNil(t, end)
		vars["after"] = *end
	}
}

func TestRule3_UsersListOrderAndPaging(t *testing.T) {
	_, w, acme, _ := us1Setup(t)
	us1BuildFilterWorld(t, acme, w)
	// More rows, with ties on status and last active and none on names.
	us1MustInvite(t, acme, w.AcmeEng, []string{"Zoe@Ext.test", "quinn@ext.test", "Mia@ext.test", "bob@acme.test"}, nil, nil)
	us1Activity(t, acme, w.AcmeEng, w.Bob, testkit.Start.Add(-3*time.Hour))

	orgPage := func(args map[string]any) ([]us1Row, bool, *string, int) {
		conn := us1OrgUsersPage(t, acme, w.Acme, args)
		var rows []us1Row
		for _, e := range conn.Edges {
			rows = append(rows, us1OrgRow(e.Node))
		}
		return rows, conn.PageInfo.HasNextPage, conn.PageInfo.EndCursor, conn.TotalCount
	}
	sitePage := func(args map[string]any) ([]us1Row, bool, *string, int) {
		conn := us1SiteUsersPage(t, acme, w.AcmeEng, args)
		var rows []us1Row
		for _, e := range conn.Edges {
			rows = append(rows, us1SiteRow(e.Node))
		}
		return rows, conn.PageInfo.HasNextPage, conn.PageInfo.EndCursor, conn.TotalCount
	}
	lists := []struct {
		name  string
		page  func(args map[string]any) ([]us1Row, bool, *string, int)
		total int
	}{
		{"Organization.users", orgPage, 9},
		{"Site.users of acme-eng", sitePage, 9},
	}
	for _, l := range lists {
		for _, field := range []string{"NAME", "EMAIL", "LAST_ACTIVE", "STATUS"} {
			for _, dir := range []string{"ASC", "DESC"} {
				t.Run(fmt.Sprintf("%s ordered by %s %s pages through every row once, in order", l.name, field, dir), func(t *testing.T) {
					orderBy := map[string]any{"field": field, "direction": dir}
					whole, _, _, total := l.page(map[string]any{"first": 100, "orderBy": orderBy})
					require.Equal(t, l.total, total)
					require.Len(t, whole, total)
					for i := 1; i < len(whole); i++ {
						c := us1Compare(field, whole[i-1], whole[i])
						if dir == "ASC" {
							require.LessOrEqual(t, c, 0, "%+v before %+v", whole[i-1], whole[i])
						} else {
							require.GreaterOrEqual(t, c, 0, "%+v before %+v", whole[i-1], whole[i])
						}
					}
					paged := us1PageAll(t, l.page, map[string]any{"orderBy": orderBy})
					seen := map[string]bool{}
					for _, r := range paged {
						require.False(t, seen[r.Key], "%s appears twice", r.Email)
						seen[r.Key] = true
					}
					require.Equal(t, whole, paged, "pages of 2 give the same rows in the same order as one page")
				})
			}
		}
	}

	t.Run("NAME ascending on the centralized list is alphabetical by name", func(t *testing.T) {
		rows, _, _, _ := orgPage(map[string]any{"first": 100, "orderBy": map[string]any{"field": "NAME", "direction": "ASC"}})
		var names []string
		for _, r := range rows {
			names = append(names, r.Name)
		}
		require.Equal(t, []string{"Alice Anders", "Bob Brown", "Eve External", "Gus Globex", "Mia", "quinn", "xena", "yuri", "Zoe"}, names)
	})

	t.Run("LAST_ACTIVE descending puts the latest activity first and never active last", func(t *testing.T) {
		rows, _, _, _ := sitePage(map[string]any{"first": 100, "orderBy": map[string]any{"field": "LAST_ACTIVE", "direction": "DESC"}})
		require.ElementsMatch(t, []string{"alice@acme.test", "gus@globex.test"}, []string{rows[0].Email, rows[1].Email})
		require.Equal(t, "bob@acme.test", rows[2].Email)
		for _, r := range rows[3:] {
			require.Zero(t, r.LastActive, r.Email)
		}
	})
}

func TestRule4_InviteListWithOneInvalidEmailWritesNothing(t *testing.T) {
	env, w, acme, _ := us1Setup(t)
	before := us1CountRows(t, env)
	stats := us1OrgStats(t, acme, w.Acme)
	cases := []struct {
		name   string
		emails []string
		field  string
	}{
		{"a word that is no address, second", []string{"new1@ext.test", "not-an-email", "bob@acme.test"}, "emails[1]"},
		{"a domain without a dot, third", []string{"new1@ext.test", "bob@acme.test", "x@y"}, "emails[2]"},
		{"a display name, first", []string{"New One <new1@ext.test>", "new2@ext.test"}, "emails[0]"},
		{"an empty string, last", []string{"new1@ext.test", ""}, "emails[1]"},
		{"a space inside, after a repeat", []string{"new1@ext.test", "NEW1@ext.test", "new 2@ext.test"}, "emails[2]"},
	}
	for _, tc := range cases {
		t.Run(tc.name+" is INVALID_INPUT naming it and writes nothing", func(t *testing.T) {
			_, r := us1Invite(t, acme, w.AcmeEng, tc.emails, []map[string]any{{"product": "JIRA", "role": "USER"}}, nil)
			require.Equal(t, "INVALID_INPUT", r.Code(), "%+v", r.Errors)
			require.Equal(t, tc.field, r.Field())
			require.Equal(t, before, us1CountRows(t, env), "no account, membership, group membership or audit event")
		})
	}
	t.Run("the lists and counts are unchanged", func(t *testing.T) {
		require.Equal(t, stats, us1OrgStats(t, acme, w.Acme))
		require.NotContains(t, us1OrgEmails(t, acme, w.Acme, nil), "new1@ext.test")
		require.NotContains(t, us1OrgEmails(t, acme, w.Acme, nil), "bob@acme.test")
		require.Zero(t, us1SQLCount(t, env, `SELECT COUNT(*) FROM accounts WHERE email_key = 'new1@ext.test'`))
	})
}

func TestRule4_RepeatedEmailsInOneListCountOnce(t *testing.T) {
	env, w, acme, _ := us1Setup(t)
	before := us1CountRows(t, env)
	stats := us1SiteStats(t, acme, w.AcmeEng)

	ms := us1MustInvite(t, acme, w.AcmeEng, []string{"dup@ext.test", "DUP@ext.test", "Dup@EXT.TEST", "Bob@Acme.Test", "bob@acme.test"}, nil, nil)

	t.Run("one membership per person", func(t *testing.T) {
		require.Len(t, ms, 2)
		require.Equal(t, w.Bob, ms[1].Account.ID)
		require.NotEqual(t, ms[0].Account.ID, ms[1].Account.ID)
		for _, m := range ms {
			require.Equal(t, "INVITED", m.Status)
		}
	})

	t.Run("one account is created for the repeated new address", func(t *testing.T) {
		require.Equal(t, 1, us1SQLCount(t, env, `SELECT COUNT(*) FROM accounts WHERE email_key = 'dup@ext.test'`))
		after := us1CountRows(t, env)
		require.Equal(t, before.Accounts+1, after.Accounts)
		require.Equal(t, before.Memberships+2, after.Memberships)
		require.Equal(t, "dup@ext.test", us1MustAccount(t, acme, ms[0].Account.ID).Email, "the first spelling is kept")
	})

	t.Run("the counts grow by two", func(t *testing.T) {
		require.Equal(t, us1Stats{stats.Total + 2, stats.Active, stats.Invited + 2, stats.Suspended}, us1SiteStats(t, acme, w.AcmeEng))
		us1RequireStatsMatchOrgList(t, acme, w.Acme)
	})
}

func TestRule4_InviteOfSomeoneOnTheSiteIsConflictForTheWholeList(t *testing.T) {
	env, w, acme, _ := us1Setup(t)
	us1MustSiteMutation(t, acme, "suspendUser", w.AcmeEng, w.Alice)
	before := us1CountRows(t, env)
	stats := us1OrgStats(t, acme, w.Acme)
	cases := []struct {
		name  string
		email string
	}{
		{"Eve, INVITED", "eve@gmail.test"},
		{"Gus, ACTIVE", "gus@globex.test"},
		{"Alice, SUSPENDED", "alice@acme.test"},
		{"Gus, spelled in capitals", "GUS@Globex.test"},
	}
	for _, tc := range cases {
		t.Run(tc.name+" is CONFLICT and nobody of the list is invited", func(t *testing.T) {
			_, r := us1Invite(t, acme, w.AcmeEng, []string{"newbie@ext.test", "bob@acme.test", tc.email},
				[]map[string]any{{"product": "CONFLUENCE", "role": "ADMIN"}}, []gid.ID{w.AcmeJiraUsers})
			require.Equal(t, "CONFLICT", r.Code(), "%+v", r.Errors)
			require.Equal(t, "emails[2]", r.Field())
			require.Equal(t, before, us1CountRows(t, env), "no account, membership, group membership or audit event")
		})
	}
	t.Run("the lists are unchanged", func(t *testing.T) {
		require.Equal(t, stats, us1OrgStats(t, acme, w.Acme))
		emails := us1OrgEmails(t, acme, w.Acme, nil)
		require.NotContains(t, emails, "newbie@ext.test")
		require.NotContains(t, emails, "bob@acme.test")
		require.Zero(t, us1SQLCount(t, env, `SELECT COUNT(*) FROM accounts WHERE email_key = 'newbie@ext.test'`))
	})
	t.Run("the same people can be invited to another site", func(t *testing.T) {
		ms := us1MustInvite(t, acme, w.AcmeSupport, []string{"eve@gmail.test", "gus@globex.test", "alice@acme.test"}, nil, nil)
		require.Len(t, ms, 3)
	})
}

func TestRule4_InviteAppliesAccessAndGroupsInTheSameTransaction(t *testing.T) {
	env, w, acme, _ := us1Setup(t)
	var site struct {
		Site struct{ Groups []us1Group }
	}
	acme.MustQuery(`query($s: ID!) { site(id: $s) { groups { id name } } }`, map[string]any{"s": w.AcmeSupport}, &site)
	require.NotEmpty(t, site.Site.Groups)
	supportGroup := site.Site.Groups[0].ID

	t.Run("access and groups are on the new memberships", func(t *testing.T) {
		ms := us1MustInvite(t, acme, w.AcmeEng, []string{"pia@ext.test", "bob@acme.test"},
			[]map[string]any{{"product": "CONFLUENCE", "role": "ADMIN"}}, []gid.ID{w.AcmeJiraUsers})
		require.Len(t, ms, 2)
		want := []string{string(w.AcmeEng) + ":CONFLUENCE:ADMIN", string(w.AcmeEng) + ":CONFLUENCE:USER", string(w.AcmeEng) + ":JIRA:USER"}
		for _, m := range ms {
			require.Equal(t, "INVITED", m.Status)
			require.Equal(t, want, us1AccessPairs(m.ProductAccess))
			require.Contains(t, us1GroupIDs(m.Groups), w.AcmeJiraUsers)
			require.Len(t, m.Groups, 3, "confluence-users, confluence-admins and jira-users")
			require.Empty(t, m.EffectiveProductAccess, "not in effect while INVITED")
		}
		listed := us1FindSiteUser(us1SiteUsers(t, acme, w.AcmeEng, nil), w.Bob)
		require.Equal(t, want, us1AccessPairs(listed.ProductAccess))
		active := us1Activity(t, acme, w.AcmeEng, w.Bob, testkit.Start)
		require.Equal(t, "ACTIVE", active.Status)
		require.Equal(t, want, us1AccessPairs(active.EffectiveProductAccess), "in effect once ACTIVE")
	})

	before := us1CountRows(t, env)
	bad := []struct {
		name   string
		access []map[string]any
		groups []gid.ID
		field  string
	}{
		{"a product not installed on the site", []map[string]any{{"product": "JIRA", "role": "USER"}, {"product": "TRELLO", "role": "USER"}}, nil, "access[1].product"},
		{"a group of another site of the organization", nil, []gid.ID{w.AcmeJiraUsers, supportGroup}, "groupIds[1]"},
		{"a group of another organization's site", nil, []gid.ID{w.GlobexJiraUsers}, "groupIds[0]"},
	}
	for _, tc := range bad {
		t.Run(tc.name+" is INVALID_INPUT and writes nothing", func(t *testing.T) {
			_, r := us1Invite(t, acme, w.AcmeEng, []string{"quentin@ext.test", "pat@acme.test"}, tc.access, tc.groups)
			require.Equal(t, "INVALID_INPUT", r.Code(), "%+v", r.Errors)
			require.Equal(t, tc.field, r.Field())
			require.Equal(t, before, us1CountRows(t, env))
		})
	}
}

func TestRule4_NewEmailCreatesActiveAccountWithInvitedMembership(t *testing.T) {
	env, w, acme, _ := us1Setup(t)
	env.Clock.Advance(10 * time.Minute)
	before := us1CountRows(t, env)
	ms := us1MustInvite(t, acme, w.AcmeSupport, []string{"fresh.face@newcomer.test"}, nil, nil)
	require.Len(t, ms, 1)
	m := ms[0]

	t.Run("the membership is INVITED, invited now, never active", func(t *testing.T) {
		require.Equal(t, "INVITED", m.Status)
		require.Equal(t, w.AcmeSupport, m.Site.ID)
		require.True(t, m.InvitedAt.Equal(env.Clock.Now()))
		require.Nil(t, m.LastActiveAt)
	})

	t.Run("the account is created ACTIVE and external", func(t *testing.T) {
		a := us1MustAccount(t, acme, m.Account.ID)
		require.Equal(t, "ACTIVE", a.Status)
		require.Equal(t, "fresh.face@newcomer.test", a.Email)
		require.False(t, a.Managed)
		require.Nil(t, a.LastActiveAt)
		require.Equal(t, []struct{ ID gid.ID }{{m.ID}}, a.Memberships)
		after := us1CountRows(t, env)
		require.Equal(t, before.Accounts+1, after.Accounts)
		require.Equal(t, before.Memberships+1, after.Memberships)
	})

	t.Run("the invitation is in Acme's audit log", func(t *testing.T) {
		events := us1OrgAudit(t, acme, w.Acme)
		require.Equal(t, "user.invited", events[0].Action)
		require.Equal(t, string(m.ID), *events[0].TargetID)
		require.Equal(t, "fresh.face@newcomer.test", events[0].TargetLabel)
	})
}

func TestRule1_InviteOfAddressOnClaimedDomainIsManagedByThatOrg(t *testing.T) {
	env, w, acme, globex := us1Setup(t)
	globexStats := us1ManagedAccountStats(t, globex, w.Globex)
	acmeStats := us1ManagedAccountStats(t, acme, w.Acme)
	acmeManaged := us1ManagedEmails(t, acme, w.Acme, nil)

	ms := us1MustInvite(t, acme, w.AcmeEng, []string{"someone@globex.test"}, nil, nil)
	require.Len(t, ms, 1)
	id := ms[0].Account.ID

	t.Run("Acme sees the new account as external", func(t *testing.T) {
		require.False(t, us1MustAccount(t, acme, id).Managed)
		u := us1FindOrgUser(us1OrgUsers(t, acme, w.Acme, nil), id)
		require.NotNil(t, u)
		require.False(t, u.Account.Managed)
		require.Equal(t, "INVITED", u.Status)
		require.Equal(t, []string{}, us1OrgEmails(t, acme, w.Acme, map[string]any{"where": map[string]any{"managed": true}, "search": "someone"}))
		require.Equal(t, acmeManaged, us1ManagedEmails(t, acme, w.Acme, nil))
		require.Equal(t, acmeStats, us1ManagedAccountStats(t, acme, w.Acme))
	})

	t.Run("Globex manages it from the start", func(t *testing.T) {
		require.Equal(t, 1, us1SQLCount(t, env, `SELECT COUNT(*) FROM accounts WHERE id = ? AND managing_org_id = ?`, id, w.Globex))
		a := us1MustAccount(t, globex, id)
		require.True(t, a.Managed)
		require.Equal(t, "ACTIVE", a.Status)
		require.Empty(t, a.Memberships, "Globex does not see its membership of Acme's site")
		require.Contains(t, us1ManagedEmails(t, globex, w.Globex, nil), "someone@globex.test")
	})

	t.Run("Globex's counters grow by one", func(t *testing.T) {
		got := us1ManagedAccountStats(t, globex, w.Globex)
		require.Equal(t, globexStats.Total+1, got.Total)
		require.Equal(t, globexStats.Active+1, got.Active)
		require.Equal(t, globexStats.WithoutSiteAccess+1, got.WithoutSiteAccess, "it is on none of Globex's sites")
	})

	t.Run("Globex's audit log has an event for it", func(t *testing.T) {
		found := false
		for _, e := range us1OrgAudit(t, globex, w.Globex) {
			if e.TargetID != nil && *e.TargetID == string(id) {
				found = true
				require.Equal(t, "someone@globex.test", e.TargetLabel)
			}
		}
		require.True(t, found, "no Globex audit event targets the new account")
	})

	t.Run("Acme's audit log has the invitation", func(t *testing.T) {
		events := us1OrgAudit(t, acme, w.Acme)
		require.Equal(t, "user.invited", events[0].Action)
		require.Equal(t, "someone@globex.test", events[0].TargetLabel)
	})
}
