package main

import (
	"database/sql"
	"fmt"
	"os"
	"time"

	_ "modernc.org/sqlite"
)

func main() {
	d, err := sql.Open("sqlite", "file:"+os.Args[1]+"?_pragma=journal_mode(WAL)&_pragma=cache_size(-131072)")
	if err != nil {
		panic(err)
	}
	d.SetMaxOpenConns(1)
	for _, q := range os.Args[2:] {
		t := time.Now()
		if _, err := d.Exec(q); err != nil {
			panic(fmt.Sprint(q, err))
		}
		fmt.Printf("%8.2f s  %.120s\n", time.Since(t).Seconds(), q)
	}
}
