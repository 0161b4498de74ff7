/* The OVSDB schema that sluice-dbserver serves (dbserver/sluice.ovsschema),
 * embedded at build time into the generated dbserver/schema-data.c.
 * Constant data: safe from any thread. */
#ifndef DBSERVER_SCHEMA_H
#define DBSERVER_SCHEMA_H 1

/* The text of sluice.ovsschema, NUL-terminated. */
extern const char dbserver_schema_text[];

#endif /* dbserver/schema.h */
