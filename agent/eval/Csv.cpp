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

namespace {

// Line (1-based) of the first byte sequence that is not UTF-8, or 0 when all of `text` is.
int firstInvalidUtf8Line(const std::string& text) {
    int line = 1;
    for (std::size_t i = 0; i < text.size();) {
        const auto c = static_cast<unsigned char>(text[i]);
        if (c == '\n') ++line;
        int more = 0;
        unsigned min = 0;
        if (c < 0x80) {
            more = 0;
        } else if ((c & 0xE0) == 0xC0) {
            more = 1, min = 0x80;
        } else if ((c & 0xF0) == 0xE0) {
            more = 2, min = 0x800;
        } else if ((c & 0xF8) == 0xF0) {
            more = 3, min = 0x10000;
        } else {
            return line;
        }
        if (i + std::size_t(more) >= text.size()) return line;  // a sequence cut by the end of the text
        unsigned code = more == 0 ? c : (c & (0x3Fu >> more));
        for (int k = 1; k <= more; ++k) {
            const auto d = static_cast<unsigned char>(text[i + std::size_t(k)]);
            if ((d & 0xC0) != 0x80) return line;
            code = (code << 6) | (d & 0x3Fu);
        }
        if (more > 0 && (code < min || code > 0x10FFFF || (code >= 0xD800 && code <= 0xDFFF))) return line;
        i += std::size_t(more) + 1;
    }
    return 0;
}

}  // namespace

std::vector<std::vector<std::string>> parseCsv(const std::string& input, const std::string& sourceName) {
    const bool bom = input.compare(0, 3, "\xEF\xBB\xBF") == 0;
    const std::string text = bom ? input.substr(3) : input;
    if (const int bad = firstInvalidUtf8Line(text)) {
        throw std::invalid_argument(
            sourceName + ": line " + std::to_string(bad) +
            " is not UTF-8 text (save the file as UTF-8; e.g. iconv -f latin1 -t utf-8)");
    }
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
        throw std::invalid_argument(sourceName + ": the quoted field opened on line " +
                                    std::to_string(quoteLine) + " is never closed");
    endRow();
    return rows;
}

}  // namespace medsam::agent
