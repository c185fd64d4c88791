#include <QSemaphore>
#include <QSignalSpy>
#include <QThread>
#include <QtTest>
#include <atomic>
#include <chrono>
#include <thread>

#include "agent/runner/AgentRunner.h"
#include "tests/agent/GeometricSegmenter.h"
#include "tests/agent/ScriptedPolicy.h"
#include "tests/agent/SquareEpisode.h"

using namespace medsam;
using agent::AgentRunner;
using core::Action;

namespace {
agent::EpisodeRequest request() {
    return test::squareEpisode();
}

const std::vector<Action> kScript{Action::box(8, 8, 23, 23), Action::point(2, 2, false), Action::stop()};

core::Trajectory finishedTrajectory(QSignalSpy& spy) {
    return spy.takeFirst().at(0).value<core::Trajectory>();
}
}  // namespace

class TestAgentRunner : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void runsOnAWorkerAndSignalsEachStepInTheCallersThread() {
        test::GeometricSegmenter tool(agent::PromptProtocol::Accumulated);
        test::ScriptedPolicy policy(kScript);
        AgentRunner runner(tool, &policy);
        QSignalSpy steps(&runner, &AgentRunner::stepTaken);
        QSignalSpy done(&runner, &AgentRunner::finished);
        bool allInMainThread = true;
        connect(&runner, &AgentRunner::stepTaken, this,
                [&] { allInMainThread &= QThread::currentThread() == qApp->thread(); });
        runner.start(request());
        QVERIFY(done.wait(5000));
        QCOMPARE(steps.size(), 3);
        QVERIFY(allInMainThread);
        const auto t = finishedTrajectory(done);
        QVERIFY(t.outcome == core::Outcome::Stopped);
        QCOMPARE(t.steps.size(), std::size_t(3));
        QCOMPARE(*t.steps[0].dice, 1.0);
        QCOMPARE(t.policy, std::string("test-scripted/1"));
        QVERIFY(!runner.isRunning());
        QVERIFY_THROWS_NO_EXCEPTION(runner.start(request()));  // a runner can run again
        QVERIFY(done.wait(5000));
    }

    void pauseAndSingleStep() {
        test::GeometricSegmenter tool(agent::PromptProtocol::Accumulated);
        test::ScriptedPolicy policy(kScript);
        AgentRunner runner(tool, &policy);
        QSignalSpy steps(&runner, &AgentRunner::stepTaken);
        QSignalSpy done(&runner, &AgentRunner::finished);
        runner.start(request(), /*startPaused=*/true);
        QVERIFY(!steps.wait(200));
        QCOMPARE(policy.decisions.load(), 0);
        runner.stepOnce();
        QVERIFY(steps.wait(2000));
        QVERIFY(!steps.wait(200));  // exactly one step, then paused again
        QCOMPARE(steps.size(), 1);
        QVERIFY(runner.isPaused());
        runner.resume();
        QVERIFY(done.wait(5000));
        QCOMPARE(steps.size(), 3);
    }

    void thePersonTakesTheWheel() {
        test::GeometricSegmenter tool(agent::PromptProtocol::Accumulated);
        test::ScriptedPolicy policy(kScript);
        AgentRunner runner(tool, &policy);
        QSignalSpy steps(&runner, &AgentRunner::stepTaken);
        QSignalSpy rejected(&runner, &AgentRunner::actionRejected);
        QSignalSpy done(&runner, &AgentRunner::finished);
        runner.start(request(), true);
        runner.setAgentEnabled(false);
        runner.resume();  // not paused any more, but the agent is off: only the person acts
        runner.submitAction(Action::box(9, 9, 22, 22));
        QVERIFY(steps.wait(2000));
        QCOMPARE(policy.decisions.load(), 0);
        runner.submitAction(Action::box(20, 20, 10, 10));  // inverted: rejected, the episode goes on
        QVERIFY(rejected.wait(2000));
        // Paused with one turn allowed: left running, the agent could also take its remaining turns, its own
        // stop included, before requestStop() below reaches the worker (a race on a loaded machine).
        runner.stepOnce();
        runner.setAgentEnabled(true);  // give it back: the agent takes one turn...
        QVERIFY(steps.wait(2000));
        runner.requestStop();  // ...and the person ends the session
        QVERIFY(done.wait(5000));
        const auto t = finishedTrajectory(done);
        QVERIFY(t.steps.front().actor == core::Actor::Person);
        QVERIFY(t.steps.back().actor == core::Actor::Person);
        QVERIFY(t.steps.back().action.kind == core::ActionKind::Stop);
        QVERIFY(t.outcome == core::Outcome::Stopped);
        int agentSteps = 0;
        for (const auto& s : t.steps) agentSteps += s.actor == core::Actor::Agent;
        QCOMPARE(agentSteps, 1);
        QCOMPARE(policy.decisions.load(), 1);
    }

    // cancel() while the policy is inside a decision: that decision's answer is the last step, no decision
    // starts after it, and the episode ends as Cancelled. The test holds the second decision until it has
    // called cancel() (a sleep cannot say where a loaded machine's worker is); how fast a cancel ends a run
    // is measured by bench/bench_runner.cpp, not asserted here (wall-clock asserts are flaky).
    void cancelAnswersWithinOneStep() {
        test::GeometricSegmenter tool(agent::PromptProtocol::Accumulated);
        test::ScriptedPolicy policy({Action::box(8, 8, 23, 23), Action::point(3, 3, true),
                                     Action::point(4, 4, true), Action::point(5, 5, true)});
        QSemaphore inSecondDecision, cancelled;
        policy.onDecide = [&](int decision) {
            if (decision != 1) return;
            inSecondDecision.release();
            cancelled.tryAcquire(1, 30000);
        };
        AgentRunner runner(tool, &policy);
        QSignalSpy done(&runner, &AgentRunner::finished);
        runner.start(request());
        QVERIFY(inSecondDecision.tryAcquire(1, 10000));
        runner.cancel();
        cancelled.release();
        QVERIFY(done.wait(5000));
        const auto t = finishedTrajectory(done);
        QVERIFY(t.outcome == core::Outcome::Cancelled);
        QCOMPARE(policy.decisions.load(), 2);
        QCOMPARE(t.steps.size(), std::size_t(2));  // the box and the answer of the decision in flight
    }

    void failuresEndTheRunWithAnErrorStep() {
        test::GeometricSegmenter tool(agent::PromptProtocol::Accumulated);
        test::ScriptedPolicy policy(kScript);
        policy.failure = test::ScriptedPolicy::Failure::Exception;
        policy.failAt = 1;
        AgentRunner runner(tool, &policy);
        QSignalSpy done(&runner, &AgentRunner::finished);
        runner.start(request());
        QVERIFY(done.wait(5000));
        auto t = finishedTrajectory(done);
        QVERIFY(t.outcome == core::Outcome::Error);
        QVERIFY(QString::fromStdString(t.steps.back().error).contains("scripted failure"));

        policy.failure = test::ScriptedPolicy::Failure::Format;
        runner.start(request());
        QVERIFY(done.wait(5000));
        t = finishedTrajectory(done);
        QVERIFY(t.outcome == core::Outcome::FormatError);
        QCOMPARE(t.steps.back().rawText, std::string("I am not sure"));

        policy.failure = test::ScriptedPolicy::Failure::None;
        tool.failNext = true;
        runner.start(request());
        QVERIFY(done.wait(5000));
        t = finishedTrajectory(done);
        QVERIFY(t.outcome == core::Outcome::Error);
        QVERIFY(QString::fromStdString(t.steps.back().error).contains("test tool asked to fail"));

        // A slice the env cannot take: still a trajectory with an error step, not a crash.
        auto bad = request();
        bad.reference = core::Mask();
        runner.start(bad);
        QVERIFY(done.wait(5000));
        t = finishedTrajectory(done);
        QVERIFY(t.outcome == core::Outcome::Error);
        QVERIFY(!t.steps.back().error.empty());
    }

    // wait() needs no event loop in the caller's thread: the episode's end quits the worker thread directly.
    void waitReturnsWhenTheEpisodeEndsWithoutAnEventLoop() {
        test::GeometricSegmenter tool(agent::PromptProtocol::Accumulated);
        test::ScriptedPolicy policy(kScript);
        AgentRunner runner(tool, &policy);
        runner.start(request());
        QVERIFY(runner.wait(10000));  // no qWait/QSignalSpy::wait: nothing runs this thread's event loop
        QVERIFY(!runner.isRunning());
    }

    // Destroying a runner whose policy is inside a decision cancels the episode: the decision in flight sees
    // the episode's cancel flag (as an MLLM request does) and no other decision starts. The policy signals
    // when it is deciding instead of the test guessing with a sleep.
    void destroyingARunningRunnerCancelsIt() {
        test::GeometricSegmenter tool(agent::PromptProtocol::Accumulated);
        test::ScriptedPolicy policy(kScript);
        QSemaphore deciding;
        std::atomic<bool> sawCancel{false};
        policy.onDecide = [&](int) {
            deciding.release();
            const std::atomic<bool>* cancel = policy.episodeCancel.load();
            for (int ms = 0; cancel && !cancel->load() && ms < 30000; ++ms)
                std::this_thread::sleep_for(std::chrono::milliseconds(1));
            sawCancel = cancel && cancel->load();
        };
        {
            AgentRunner runner(tool, &policy);
            runner.start(request());
            QVERIFY(deciding.tryAcquire(1, 10000));
        }
        QVERIFY(sawCancel.load());
        QCOMPARE(policy.decisions.load(), 1);
    }
};

QTEST_GUILESS_MAIN(TestAgentRunner)
#include "tst_AgentRunner.moc"
