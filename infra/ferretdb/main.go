// Command ferretdb runs an embedded FerretDB v1 (MongoDB wire protocol) on a
// PostgreSQL backend. It exists because FerretDB's own cmd/ferretdb cannot be
// installed from the module proxy (its version lookup is refused) and a binary
// built from it panics on an empty version.txt; the embeddable package has
// neither problem.
package main

import (
	"context"
	"flag"
	"log"
	"os/signal"
	"syscall"

	"github.com/FerretDB/FerretDB/ferretdb"
)

func main() {
	listen := flag.String("listen", "127.0.0.1:27017", "TCP address to serve the MongoDB wire protocol on")
	postgresURL := flag.String("postgresql-url", "", "PostgreSQL connection URL of the backend")
	flag.Parse()
	if *postgresURL == "" {
		log.Fatal("-postgresql-url is required")
	}

	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGINT, syscall.SIGTERM)
	defer stop()

	server, err := ferretdb.New(&ferretdb.Config{
		Listener:      ferretdb.ListenerConfig{TCP: *listen},
		Handler:       "postgresql",
		PostgreSQLURL: *postgresURL,
	})
	if err != nil {
		log.Fatal(err)
	}

	log.Printf("FerretDB listening on %s", *listen)
	server.Run(ctx)
}
