#include "storage/sqlite/Sqlite.h"

#include <sqlite3.h>

#include <utility>

namespace medsam::storage::sql {

std::string sqliteVersion() {
    return sqlite3_libversion();
}

namespace {
// A writer holds the lock for one short transaction (a step is < 5 ms); readers and a second writer wait
// this long before giving up with SQLITE_BUSY.
constexpr int kBusyTimeoutMs = 10000;
}  // namespace

Connection::Connection(const std::string& path, Mode mode, const std::string& uriQuery) : path_(path) {
    int flags = SQLITE_OPEN_URI | SQLITE_OPEN_NOMUTEX;
    switch (mode) {
        case Mode::ReadOnly:
            flags |= SQLITE_OPEN_READONLY;
            break;
        case Mode::ReadWrite:
            flags |= SQLITE_OPEN_READWRITE;
            break;
        case Mode::ReadWriteCreate:
            flags |= SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
            break;
    }
    // Build a file: URI so query flags work; '?' and '#' in names must be escaped.
    std::string uri = "file:";
    for (char c : path) {
        if (c == '?')
            uri += "%3f";
        else if (c == '#')
            uri += "%23";
        else if (c == '%')
            uri += "%25";
        else
            uri += c;
    }
    if (!uriQuery.empty()) uri += "?" + uriQuery;
    const int rc = sqlite3_open_v2(uri.c_str(), &db_, flags, nullptr);
    if (rc != SQLITE_OK) {
        const std::string message = db_ ? sqlite3_errmsg(db_) : sqlite3_errstr(rc);
        sqlite3_close_v2(db_);
        db_ = nullptr;
        throw SqliteError("cannot open database " + path + ": " + message, rc & 0xff);
    }
    sqlite3_extended_result_codes(db_, 0);
    sqlite3_busy_timeout(db_, kBusyTimeoutMs);
}

Connection::~Connection() {
    if (db_) sqlite3_close_v2(db_);
}

Connection::Connection(Connection&& other) noexcept
    : db_(std::exchange(other.db_, nullptr)), path_(std::move(other.path_)) {}

Connection& Connection::operator=(Connection&& other) noexcept {
    if (this != &other) {
        if (db_) sqlite3_close_v2(db_);
        db_ = std::exchange(other.db_, nullptr);
        path_ = std::move(other.path_);
    }
    return *this;
}

void Connection::check(int rc, const std::string& context) const {
    if (rc == SQLITE_OK || rc == SQLITE_ROW || rc == SQLITE_DONE) return;
    throw SqliteError(path_ + ": " + context + ": " + (db_ ? sqlite3_errmsg(db_) : sqlite3_errstr(rc)),
                      rc & 0xff, db_ ? sqlite3_extended_errcode(db_) : rc);
}

void Connection::exec(const std::string& sql) {
    char* error = nullptr;
    const int rc = sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &error);
    if (rc != SQLITE_OK) {
        std::string message = error ? error : sqlite3_errstr(rc);
        sqlite3_free(error);
        throw SqliteError(path_ + ": " + message + " (in: " + sql.substr(0, 80) + ")", rc & 0xff,
                          sqlite3_extended_errcode(db_));
    }
}

Statement Connection::prepare(const std::string& sql) {
    return Statement(*this, sql);
}
std::int64_t Connection::lastInsertId() const {
    return sqlite3_last_insert_rowid(db_);
}
int Connection::changes() const {
    return sqlite3_changes(db_);
}
bool Connection::readOnly() const {
    return sqlite3_db_readonly(db_, "main") == 1;
}

Statement::Statement(Connection& connection, const std::string& sql) : connection_(&connection), sql_(sql) {
    const int rc =
        sqlite3_prepare_v2(connection.handle(), sql.c_str(), static_cast<int>(sql.size()), &stmt_, nullptr);
    connection.check(rc, "preparing \"" + sql.substr(0, 80) + "\"");
}

Statement::~Statement() {
    if (stmt_) sqlite3_finalize(stmt_);
}

Statement::Statement(Statement&& other) noexcept
    : connection_(other.connection_),
      stmt_(std::exchange(other.stmt_, nullptr)),
      sql_(std::move(other.sql_)) {}

Statement& Statement::bind(int index, std::int64_t value) {
    connection_->check(sqlite3_bind_int64(stmt_, index, value), "binding");
    return *this;
}
Statement& Statement::bind(int index, double value) {
    connection_->check(sqlite3_bind_double(stmt_, index, value), "binding");
    return *this;
}
Statement& Statement::bind(int index, const std::string& value) {
    connection_->check(
        sqlite3_bind_text(stmt_, index, value.data(), static_cast<int>(value.size()), SQLITE_TRANSIENT),
        "binding");
    return *this;
}
Statement& Statement::bind(int index, const std::vector<std::uint8_t>& blob) {
    // A zero-length blob must still be a blob, not NULL: bind_zeroblob keeps the type.
    const int rc = blob.empty() ? sqlite3_bind_zeroblob(stmt_, index, 0)
                                : sqlite3_bind_blob(stmt_, index, blob.data(), static_cast<int>(blob.size()),
                                                    SQLITE_TRANSIENT);
    connection_->check(rc, "binding");
    return *this;
}
Statement& Statement::bindNull(int index) {
    connection_->check(sqlite3_bind_null(stmt_, index), "binding");
    return *this;
}

bool Statement::step() {
    const int rc = sqlite3_step(stmt_);
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    connection_->check(rc, "running \"" + sql_.substr(0, 80) + "\"");
    return false;
}

void Statement::run() {
    while (step()) {
    }
}

void Statement::reset() {
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
}

bool Statement::isNull(int column) const {
    return sqlite3_column_type(stmt_, column) == SQLITE_NULL;
}
std::int64_t Statement::int64(int column) const {
    return sqlite3_column_int64(stmt_, column);
}
double Statement::real(int column) const {
    return sqlite3_column_double(stmt_, column);
}
std::optional<double> Statement::optReal(int column) const {
    if (isNull(column)) return std::nullopt;
    return real(column);
}
std::optional<std::int64_t> Statement::optInt64(int column) const {
    if (isNull(column)) return std::nullopt;
    return int64(column);
}
std::string Statement::text(int column) const {
    const auto* p = sqlite3_column_text(stmt_, column);
    const int n = sqlite3_column_bytes(stmt_, column);
    return p ? std::string(reinterpret_cast<const char*>(p), static_cast<std::size_t>(n)) : std::string();
}
std::vector<std::uint8_t> Statement::blob(int column) const {
    const auto* p = static_cast<const std::uint8_t*>(sqlite3_column_blob(stmt_, column));
    const int n = sqlite3_column_bytes(stmt_, column);
    return p ? std::vector<std::uint8_t>(p, p + n) : std::vector<std::uint8_t>();
}

Transaction::Transaction(Connection& connection)
    : connection_(connection), nested_(sqlite3_get_autocommit(connection.handle()) == 0) {
    // Inside an outer transaction (e.g. a merge calling addLabel) a savepoint nests; the outer COMMIT
    // decides.
    connection_.exec(nested_ ? "SAVEPOINT medsam_nested" : "BEGIN IMMEDIATE");
}

Transaction::~Transaction() {
    if (!done_) {
        try {
            connection_.exec(nested_ ? "ROLLBACK TO medsam_nested; RELEASE medsam_nested" : "ROLLBACK");
        } catch (...) {
            // The transaction may already be gone (e.g. SQLite rolled back on an I/O error): nothing to undo.
        }
    }
}

void Transaction::commit() {
    connection_.exec(nested_ ? "RELEASE medsam_nested" : "COMMIT");
    done_ = true;
}

}  // namespace medsam::storage::sql
