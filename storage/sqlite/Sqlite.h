#pragma once

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

struct sqlite3;
struct sqlite3_stmt;

// A small RAII layer over the sqlite3 C API: one owner per handle, errors as exceptions that carry
// SQLite's own message and the file name, nothing else. The rest of storage speaks only this.
namespace medsam::storage::sql {

// The SQLite library's version at run time (Help > About).
std::string sqliteVersion();

class SqliteError : public std::runtime_error {
public:
    SqliteError(const std::string& what, int code, int extendedCode = 0)
        : std::runtime_error(what), code_(code), extendedCode_(extendedCode ? extendedCode : code) {}
    int code() const { return code_; }  // primary SQLite result code (SQLITE_BUSY, SQLITE_NOTADB...)
    // Extended code (SQLITE_CONSTRAINT_UNIQUE, SQLITE_CONSTRAINT_NOTNULL...): which constraint failed.
    int extendedCode() const { return extendedCode_; }

private:
    int code_;
    int extendedCode_;
};

class Statement;

class Connection {
public:
    enum class Mode { ReadOnly, ReadWrite, ReadWriteCreate };
    // `uri` flags allow e.g. "?immutable=1"; `path` is kept for messages.
    Connection(const std::string& path, Mode mode, const std::string& uriQuery = {});
    ~Connection();
    Connection(const Connection&) = delete;
    Connection& operator=(const Connection&) = delete;
    Connection(Connection&& other) noexcept;
    Connection& operator=(Connection&& other) noexcept;

    void exec(const std::string& sql);  // one or more statements, no results
    Statement prepare(const std::string& sql);
    std::int64_t lastInsertId() const;
    int changes() const;
    bool readOnly() const;
    const std::string& path() const { return path_; }
    sqlite3* handle() const { return db_; }
    // Throws SqliteError with `context`, the file name and SQLite's message when rc is an error.
    void check(int rc, const std::string& context) const;

private:
    sqlite3* db_ = nullptr;
    std::string path_;
};

class Statement {
public:
    Statement(Connection& connection, const std::string& sql);
    ~Statement();
    Statement(const Statement&) = delete;
    Statement& operator=(const Statement&) = delete;
    Statement(Statement&& other) noexcept;
    Statement& operator=(Statement&&) = delete;

    // Parameters are 1-based, as in SQLite. Each bind returns *this so calls chain.
    Statement& bind(int index, std::int64_t value);
    Statement& bind(int index, int value) { return bind(index, static_cast<std::int64_t>(value)); }
    Statement& bind(int index, double value);
    Statement& bind(int index, const std::string& value);
    Statement& bind(int index, const char* value) { return bind(index, std::string(value)); }
    Statement& bind(int index, const std::vector<std::uint8_t>& blob);
    Statement& bindNull(int index);
    template <typename T>
    Statement& bind(int index, const std::optional<T>& value) {
        return value ? bind(index, *value) : bindNull(index);
    }

    bool step();  // true when a row is available
    void run();   // steps to completion, expecting no rows
    void reset();

    bool isNull(int column) const;
    std::int64_t int64(int column) const;
    int integer(int column) const { return static_cast<int>(int64(column)); }
    double real(int column) const;
    std::optional<double> optReal(int column) const;
    std::optional<std::int64_t> optInt64(int column) const;
    std::string text(int column) const;
    std::vector<std::uint8_t> blob(int column) const;

private:
    Connection* connection_;
    sqlite3_stmt* stmt_ = nullptr;
    std::string sql_;
};

// BEGIN IMMEDIATE (or a SAVEPOINT when already inside a transaction) on construction (takes the write lock up
// front so a busy database fails here, not at COMMIT), ROLLBACK on destruction unless commit() was called.
class Transaction {
public:
    explicit Transaction(Connection& connection);
    ~Transaction();
    Transaction(const Transaction&) = delete;
    Transaction& operator=(const Transaction&) = delete;
    void commit();

private:
    Connection& connection_;
    bool nested_;
    bool done_ = false;
};

}  // namespace medsam::storage::sql
