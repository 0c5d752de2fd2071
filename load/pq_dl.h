/* load/pq_dl.h: libpq, loaded only when a PostgreSQL URL is opened. libpq drags TLS, Kerberos and
   LDAP libraries in; loading them at every start costs SQLite users ~10 ms per run (a fifth of an
   unchanged re-index). sink_pg.c calls PQ* names as usual; they resolve to this table. */
#ifndef SP_PQ_DL_H
#define SP_PQ_DL_H

#include <libpq-fe.h>

#define SP_PQ_FUNCS(X)                                                                                  \
	X(PGconn *, PQconnectdb, (const char *))                                                        \
	X(void, PQfinish, (PGconn *))                                                                   \
	X(ConnStatusType, PQstatus, (const PGconn *))                                                   \
	X(char *, PQerrorMessage, (const PGconn *))                                                     \
	X(PQnoticeProcessor, PQsetNoticeProcessor, (PGconn *, PQnoticeProcessor, void *))               \
	X(PGTransactionStatusType, PQtransactionStatus, (const PGconn *))                               \
	X(PGresult *, PQexec, (PGconn *, const char *))                                                 \
	X(PGresult *, PQexecParams,                                                                     \
	  (PGconn *, const char *, int, const Oid *, const char *const *, const int *, const int *,     \
	   int))                                                                                        \
	X(PGresult *, PQgetResult, (PGconn *))                                                          \
	X(void, PQclear, (PGresult *))                                                                  \
	X(ExecStatusType, PQresultStatus, (const PGresult *))                                           \
	X(char *, PQresultErrorMessage, (const PGresult *))                                             \
	X(char *, PQresultErrorField, (const PGresult *, int))                                          \
	X(int, PQntuples, (const PGresult *))                                                           \
	X(char *, PQgetvalue, (const PGresult *, int, int))                                             \
	X(int, PQgetisnull, (const PGresult *, int, int))                                               \
	X(int, PQputCopyData, (PGconn *, const char *, int))                                            \
	X(int, PQputCopyEnd, (PGconn *, const char *))

#define SP_PQ_FIELD(ret, name, args) ret(*name) args;
typedef struct sp_pq_api {
	SP_PQ_FUNCS(SP_PQ_FIELD)
} sp_pq_api;
#undef SP_PQ_FIELD

extern sp_pq_api sp_pq;

/* Loads libpq once (thread-safe); 0, or SP_ECONNECT with *why naming the missing piece. */
int sp_pq_load(const char **why);

#ifndef SP_PQ_DL_IMPL
#define PQconnectdb sp_pq.PQconnectdb
#define PQfinish sp_pq.PQfinish
#define PQstatus sp_pq.PQstatus
#define PQerrorMessage sp_pq.PQerrorMessage
#define PQsetNoticeProcessor sp_pq.PQsetNoticeProcessor
#define PQtransactionStatus sp_pq.PQtransactionStatus
#define PQexec sp_pq.PQexec
#define PQexecParams sp_pq.PQexecParams
#define PQgetResult sp_pq.PQgetResult
#define PQclear sp_pq.PQclear
#define PQresultStatus sp_pq.PQresultStatus
#define PQresultErrorMessage sp_pq.PQresultErrorMessage
#define PQresultErrorField sp_pq.PQresultErrorField
#define PQntuples sp_pq.PQntuples
#define PQgetvalue sp_pq.PQgetvalue
#define PQgetisnull sp_pq.PQgetisnull
#define PQputCopyData sp_pq.PQputCopyData
#define PQputCopyEnd sp_pq.PQputCopyEnd
#endif

#endif
