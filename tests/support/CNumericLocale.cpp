// Compiled into every test executable (tests/CMakeLists.txt): what the programs' main() does right after
// making their Qt application object, which puts the C library in the environment's locale (setlocale(LC_ALL,
// "")). Without it, under a de_DE CI runner, printf writes "0,2" and strtod stops at "." in the code under
// test.
#include <QCoreApplication>
#include <clocale>

namespace {
void keepCNumbers() {
    std::setlocale(LC_NUMERIC, "C");
}
}  // namespace

Q_COREAPP_STARTUP_FUNCTION(keepCNumbers)
