package main

import (
	"database/sql"
	"encoding/json"
	"fmt"
	"os"
	"regexp"
	"time"

	_ "modernc.org/sqlite"
)

func main() {
	d, err := sql.Open("sqlite", "file:"+os.Args[1]+"?_pragma=journal_mode(WAL)")
	if err != nil {
		panic(err)
	}
	d.SetMaxOpenConns(1)
	var stmts []struct {
		Q string
		P []*string
	}
	b, _ := os.ReadFile(os.Args[2])
	json.Unmarshal(b, &stmts)
	re := regexp.MustCompile(`\$(\d+)`)
	for i, s := range stmts {
		q := re.ReplaceAllString(s.Q, "?$1")
		st, err := d.Prepare(q)
		if err != nil {
			fmt.Println(i, "prepare:", err)
			continue
		}
		run := func(alt bool) time.Duration {
			t := time.Now()
			for k := 0; k < 300; k++ {
				args := make([]any, len(s.P))
				for j, p := range s.P {
					if p == nil {
						args[j] = nil
						continue
					}
					v := *p
					if alt && k%2 == 1 {
						v += "x"
					}
					args[j] = v
				}
				rows, err := st.Query(args...)
				if err != nil {
					panic(fmt.Sprint(i, err))
				}
				for rows.Next() {
				}
				rows.Close()
			}
			return time.Since(t) / 300
		}
		same := run(false)
		alt := run(true)
		fmt.Printf("%2d same %6.1fµs alt %6.1fµs  %.70s\n", i, float64(same.Nanoseconds())/1000, float64(alt.Nanoseconds())/1000, s.Q)
	}
}
