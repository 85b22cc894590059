CREATE TABLE "withdrawn_products" (
	"product_id" text PRIMARY KEY NOT NULL,
	"withdrawn_at" timestamp with time zone NOT NULL
);
