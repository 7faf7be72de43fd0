CREATE TABLE "programme_versions" (
	"key" text NOT NULL,
	"version" integer NOT NULL,
	"definition" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "programme_versions_key_version_pk" PRIMARY KEY("key","version")
);
