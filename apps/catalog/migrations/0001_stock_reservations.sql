CREATE TABLE "stock_reservations" (
	"order_id" text PRIMARY KEY NOT NULL,
	"status" text NOT NULL,
	"lines" jsonb NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "catalog_outbox" ALTER COLUMN "product_id" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "catalog_outbox" ADD COLUMN "topic" text DEFAULT 'catalog.products' NOT NULL;--> statement-breakpoint
-- Hand-edited: rows written before this migration are product events keyed by their product.
ALTER TABLE "catalog_outbox" ADD COLUMN "message_key" text;--> statement-breakpoint
UPDATE "catalog_outbox" SET "message_key" = "product_id"::text WHERE "message_key" IS NULL;--> statement-breakpoint
ALTER TABLE "catalog_outbox" ALTER COLUMN "message_key" SET NOT NULL;