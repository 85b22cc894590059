-- docker-compose's postgres runs this once, on an empty data directory: billing's own database
-- beside the catalog's (POSTGRES_DB). Billing creates its tables from its migrations.
CREATE DATABASE billing;
