#include "agent/eval/Csv.h"

#include <stdexcept>

namespace medsam::agent {

std::string csvEscape(const std::string& field) {
    if (field.find_first_of(",\"\n\r") == std::string::npos) return field;
    std::string out = "\"";
    for (char c : field) {
        if (c == '"') out += '"';
        out += c;
    }
    return out + "\"";
}

std::string csvLine(const std::vector<std::string>& fields) {
    std::string line;
    for (std::size_t n = 0; n < fields.size(); ++n) {
        if (n) line += ',';
        line += csvEscape(fields[n]);
    }
    return line;
}

std::vector<std::vector<std::string>> parseCsv(const std::string& text) {
    std::vector<std::vector<std::string>> rows;
    std::vector<std::string> row;
    std::string field;
    bool quoted = false, fieldStarted = false;
    int line = 1, quoteLine = 0;
    auto endRow = [&] {
        if (fieldStarted || !row.empty() || !field.empty()) {
            row.push_back(field);
            bool blank = row.size() == 1 && row[0].empty();
            if (!blank) rows.push_back(row);
        }
        row.clear();
        field.clear();
        fieldStarted = false;
    };
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (quoted) {
            if (c == '"') {
                if (i + 1 < text.size() && text[i + 1] == '"') {
                    field += '"';
                    ++i;
                } else {
                    quoted = false;
                }
            } else {
                if (c == '\n') ++line;
                field += c;
            }
            continue;
        }
        if (c == '"') {
            quoted = true;
            fieldStarted = true;
            quoteLine = line;
        } else if (c == ',') {
            row.push_back(field);
            field.clear();
            fieldStarted = true;
        } else if (c == '\n') {
            endRow();
            ++line;
        } else if (c != '\r') {
            field += c;
        }
    }
    if (quoted)
        throw std::invalid_argument("CSV: the quoted field opened on line " + std::to_string(quoteLine) +
                                    " is never closed");
    endRow();
    return rows;
}

}  // namespace medsam::agent
