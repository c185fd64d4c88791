#pragma once

#include <string>
#include <vector>

#include "core/image/LabelMap.h"

// ITK-SNAP's label description text file, so people bring their label sets and take ours to ITK-SNAP:
//   # comment lines
//   IDX  -R- -G- -B-  -A-  VIS MSH  "LABEL"
//     1  255   0   0   1    1   1   "Liver"
// IDX 0..65535 (0, the clear label, is skipped on reading), colour 0..255, A (opacity) 0..1, VIS and MSH 0 or
// 1, the name in double quotes (may hold spaces).
namespace medsam::core {

struct LabelDescription {
    LabelInfo info;  // value, name, colour (the description stays ours: the file has no place for it)
    double opacity = 1.0;
    bool visible = true;
    bool meshVisible = true;
};

// Throws std::runtime_error naming the file, the line number and what is wrong with it.
std::vector<LabelDescription> readLabelDescriptions(const std::string& path);
// The parser on text (`origin` names it in messages), for tests and the fuzz harness.
std::vector<LabelDescription> parseLabelDescriptions(const std::string& text, const std::string& origin);
// Writes ITK-SNAP's header, the clear label and every entry; throws naming the file when it cannot be
// written.
void writeLabelDescriptions(const std::string& path, const std::vector<LabelDescription>& labels);

}  // namespace medsam::core
