# Random qy calls with random, often wrong, arguments (tests/fuzz_api/drive.lua,
# fixed seed): each returns or raises a string error, never a crash or a
# sanitizer report. It runs in a scratch directory (calls write files under
# relative names); t:print's output is dropped. A failed allocation returns
# NULL under ASan too, as malloc does: huge tables must be "not enough memory".
root=$(pwd)
dir=$(mktemp -d)
cd "$dir" || exit 2
ASAN_OPTIONS=allocator_may_return_null=1 timeout 300 "$QYLUA" "$root/tests/fuzz_api/drive.lua" >/dev/null
rc=$?
cd "$root" && rm -rf "$dir"
exit $rc
