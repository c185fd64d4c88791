#pragma once

#include <string>
#include <vector>

namespace medsam::agent {

// Minimal RFC 4180 CSV: fields with a comma, quote or newline are quoted, quotes doubled. Enough for the
// evaluation manifest and results (targets like "left kidney, upper pole" stay one field).
std::string csvEscape(const std::string& field);
std::string csvLine(const std::vector<std::string>& fields);
// Parses a whole document into rows of fields. Blank lines are dropped; a trailing CR is ignored; a UTF-8
// byte-order mark (spreadsheet exports) is skipped. The text must be UTF-8: anything else (a Latin-1 target)
// is refused up front, naming the line, instead of failing in a JSON writer after a whole evaluation.
// Throws std::invalid_argument starting with `sourceName` for invalid UTF-8 or an unterminated quoted field
// (with its line number).
std::vector<std::vector<std::string>> parseCsv(const std::string& text, const std::string& sourceName);

}  // namespace medsam::agent
