#include "core/io/LabelDescription.h"

#include <cmath>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace medsam::core {

namespace {

[[noreturn]] void fail(const std::string& origin, int line, const std::string& problem) {
    throw std::runtime_error(origin + ":" + std::to_string(line) + ": " + problem);
}

long integerField(std::istringstream& in, const char* name, long lo, long hi, const std::string& origin,
                  int line) {
    std::string token;
    if (!(in >> token)) fail(origin, line, std::string("missing ") + name);
    std::size_t used = 0;
    long value = 0;
    try {
        value = std::stol(token, &used);
    } catch (const std::exception&) {
        used = 0;
    }
    if (used != token.size() || value < lo || value > hi)
        fail(origin, line,
             std::string(name) + " '" + token + "' is not an integer in " + std::to_string(lo) + ".." +
                 std::to_string(hi));
    return value;
}

}  // namespace

std::vector<LabelDescription> parseLabelDescriptions(const std::string& text, const std::string& origin) {
    std::vector<LabelDescription> out;
    std::istringstream lines(text);
    std::string raw;
    int line = 0;
    while (std::getline(lines, raw)) {
        ++line;
        if (!raw.empty() && raw.back() == '\r') raw.pop_back();
        const auto first = raw.find_first_not_of(" \t");
        if (first == std::string::npos || raw[first] == '#') continue;
        std::istringstream in(raw);
        LabelDescription d;
        const long idx = integerField(in, "IDX", 0, 65535, origin, line);
        d.info.value = static_cast<std::uint16_t>(idx);
        for (auto& c : d.info.color)
            c = static_cast<std::uint8_t>(integerField(in, "colour", 0, 255, origin, line));
        std::string alpha;
        if (!(in >> alpha)) fail(origin, line, "missing A (opacity)");
        try {
            std::size_t used = 0;
            d.opacity = std::stod(alpha, &used);
            if (used != alpha.size()) throw std::invalid_argument(alpha);
        } catch (const std::exception&) {
            fail(origin, line, "A (opacity) '" + alpha + "' is not a number");
        }
        if (!(d.opacity >= 0.0 && d.opacity <= 1.0))
            fail(origin, line, "A (opacity) '" + alpha + "' is not in 0..1");
        d.visible = integerField(in, "VIS", 0, 1, origin, line) == 1;
        d.meshVisible = integerField(in, "MSH", 0, 1, origin, line) == 1;
        std::string rest;
        std::getline(in, rest);
        const auto open = rest.find('"');
        const auto close = rest.rfind('"');
        if (open == std::string::npos || close == open)
            fail(origin, line, "the label name must be in double quotes");
        if (rest.find_first_not_of(" \t", close + 1) != std::string::npos)
            fail(origin, line, "text after the quoted label name");
        d.info.name = rest.substr(open + 1, close - open - 1);
        if (idx == 0) continue;  // the clear label is the background, not a label
        if (d.info.name.empty()) d.info.name = "Label " + std::to_string(idx);
        for (const auto& seen : out)
            if (seen.info.value == d.info.value)
                fail(origin, line, "label " + std::to_string(idx) + " appears twice");
        out.push_back(std::move(d));
    }
    return out;
}

std::vector<LabelDescription> readLabelDescriptions(const std::string& path) {
    std::ifstream file(path, std::ios::binary);
    if (!file) throw std::runtime_error(path + ": cannot open the label description file");
    std::ostringstream text;
    text << file.rdbuf();
    return parseLabelDescriptions(text.str(), path);
}

void writeLabelDescriptions(const std::string& path, const std::vector<LabelDescription>& labels) {
    std::ofstream file(path, std::ios::binary | std::ios::trunc);
    if (!file) throw std::runtime_error(path + ": cannot write the label description file");
    file << "################################################\n"
            "# ITK-SnAP Label Description File (written by MedSAM Agent Studio)\n"
            "# IDX   -R-  -G-  -B-  -A--  VIS MSH  LABEL\n"
            "################################################\n";
    auto row = [&file](int idx, const std::array<std::uint8_t, 3>& c, double a, bool vis, bool msh,
                       const std::string& name) {
        char buffer[96];
        std::snprintf(buffer, sizeof buffer, "%5d %5d %4d %4d %8.2f %2d %2d    \"", idx, c[0], c[1], c[2], a,
                      vis ? 1 : 0, msh ? 1 : 0);
        std::string clean = name;
        for (char& ch : clean)
            if (ch == '"' || ch == '\n' || ch == '\r') ch = '\'';  // the format has no escapes
        file << buffer << clean << "\"\n";
    };
    row(0, {0, 0, 0}, 0.0, false, false, "Clear Label");
    for (const auto& d : labels)
        row(d.info.value, d.info.color, d.opacity, d.visible, d.meshVisible, d.info.name);
    file.flush();
    if (!file) throw std::runtime_error(path + ": writing the label description file failed");
}

}  // namespace medsam::core
