// Child process of tst_SessionRecorder's crash test: records steps into a session until it is killed,
// printing "step <index> <row id>" after each COMMIT returned. Whatever it printed must be on disk.
#include <cstdio>
#include <cstdlib>
#include <exception>

#include "storage/db/SessionRecorder.h"
#include "tests/storage/StorageTestUtil.h"

using namespace medsam::storage;

int main(int argc, char** argv) {
    if (argc < 3) {
        std::fprintf(stderr, "usage: storage_crash_child PROJECT.db SESSION_ID\n");
        return 2;
    }
    try {
        SessionRecorder recorder(argv[1]);
        const Id session = std::atoll(argv[2]);
        for (int i = recorder.db().nextStepIndex(session);; ++i) {
            const Id id = recorder.appendStep(session, test::makeStep(i));
            std::printf("step %d %lld\n", i, static_cast<long long>(id));
            std::fflush(stdout);
            if (i > 100000) return 0;
        }
    } catch (const std::exception& e) {
        std::fprintf(stderr, "storage_crash_child: %s\n", e.what());
        return 1;
    }
}
