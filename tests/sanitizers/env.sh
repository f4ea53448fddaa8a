# Sanitizer options for running the test suite built with the `asan` preset (build-asan/).
#   source tests/sanitizers/env.sh [REPORT_DIR]
# Every process the tests start (test executables, gemini-emulator, batchboard-cli children)
# inherits these. With REPORT_DIR, reports go to REPORT_DIR/asan.<pid> (and ubsan.<pid>) instead of
# stderr, so a leak or error in a child process whose exit status no test looks at is still seen:
# check that the folder stays empty (installer/run-tests.sh does).
bb_sanitizer_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
bb_sanitizer_log=${1:+:log_path=$1/asan}
bb_ubsan_log=${1:+:log_path=$1/ubsan}
# detect_leaks: LeakSanitizer at exit; abort_on_error: a report is a crash ctest sees.
export ASAN_OPTIONS="detect_leaks=1:abort_on_error=1:strict_string_checks=1:check_initialization_order=1${bb_sanitizer_log}"
export LSAN_OPTIONS="suppressions=$bb_sanitizer_dir/lsan.supp:print_suppressions=0"
export UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1:suppressions=$bb_sanitizer_dir/ubsan.supp${bb_ubsan_log}"
export ASAN_SYMBOLIZER_PATH=${ASAN_SYMBOLIZER_PATH:-$(command -v llvm-symbolizer || true)}
# Qt Test's per-function watchdog (5 min by default) is too short for instrumented code. Under
# ctest each Qt test gets its own, equal to its (already tripled) TIMEOUT (bb_add_qtest); this
# one is for test executables run by hand.
export QTEST_FUNCTION_TIMEOUT=${QTEST_FUNCTION_TIMEOUT:-1800000}
unset bb_sanitizer_dir bb_sanitizer_log bb_ubsan_log
