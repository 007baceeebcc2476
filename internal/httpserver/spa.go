package httpserver

import (
	"io/fs"
	"net/http"
	"path"
	"strings"
)

// spaHandler serves the built single-page app: files that exist, 404 for a missing
// path with an extension, and index.html for any other path (client routes). Hashed
// assets are cached for good; index.html never is.
func spaHandler(dist fs.FS) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if dist == nil {
			notBuilt(w)
			return
		}
		if _, err := fs.Stat(dist, "index.html"); err != nil {
			notBuilt(w)
			return
		}
		name := strings.TrimPrefix(path.Clean("/"+r.URL.Path), "/")
		if name != "" && name != "index.html" {
			if st, err := fs.Stat(dist, name); err == nil && !st.IsDir() {
				if strings.HasPrefix(name, "assets/") {
					w.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
				}
				http.ServeFileFS(w, r, dist, name)
				return
			}
			if path.Ext(name) != "" {
				http.NotFound(w, r)
				return
			}
		}
		w.Header().Set("Cache-Control", "no-cache")
		index, _ := fs.ReadFile(dist, "index.html")
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		_, _ = w.Write(index)
	})
}

func notBuilt(w http.ResponseWriter) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-cache")
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write([]byte(`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>orgdir</title></head>
<body><h1>orgdir is running</h1><p>The admin app is not built into this binary yet. Build it with
<code>make build</code> (or <code>npm ci &amp;&amp; npm run build</code>, then rebuild the binary). The GraphQL API
answers at <code>POST /query</code> after <code>POST /auth/login</code>.</p></body></html>`))
}
