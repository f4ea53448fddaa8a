#!/usr/bin/env bash
# Conformance: the official REST examples (Gemini docs and cookbook: raw snake_case bodies, curl
# resumable upload, ?key= query auth) against gemini-emulator.
#
#   bash rest_flows.sh <path/to/gemini-emulator> [--keep]
#
# Starts its own emulator on a free port, runs every flow with curl + jq and exits non-zero with a
# message naming the failed check, the request and the reply.
set -euo pipefail

EMULATOR=${1:?usage: rest_flows.sh <path/to/gemini-emulator> [--keep]}
KEEP=${2:-}
KEY=conformance-rest-key-91c2
MODEL=gemini-3.5-flash

for tool in curl jq sha256sum base64; do
    command -v "$tool" >/dev/null || { echo "rest_flows: $tool is required" >&2; exit 2; }
done
[[ -x $EMULATOR ]] || { echo "rest_flows: emulator not executable: $EMULATOR" >&2; exit 2; }

WORK=$(mktemp -d "${TMPDIR:-/tmp}/bb-conformance-rest-XXXXXX")
EMU_PID=
STEP="start"
STEPS_OK=0

cleanup() {
    local rc=$?
    if [[ -n $EMU_PID ]] && kill -0 "$EMU_PID" 2>/dev/null; then
        kill -TERM "$EMU_PID" 2>/dev/null || true
        for _ in $(seq 600); do kill -0 "$EMU_PID" 2>/dev/null || break; sleep 0.1; done
        kill -KILL "$EMU_PID" 2>/dev/null || true
    fi
    if [[ $rc -ne 0 ]]; then
        echo "not ok - $STEP" >&2
        echo "rest_flows: FAILED in step '$STEP' ($STEPS_OK steps passed before); workdir $WORK" >&2
        if [[ -s $WORK/emulator.err ]]; then
            echo "--- emulator stderr (tail) ---" >&2
            tail -n 30 "$WORK/emulator.err" >&2
        fi
    elif [[ $KEEP != --keep ]]; then
        rm -rf "$WORK"
    fi
    exit "$rc"
}
trap cleanup EXIT
# Any command failing outside fail(): say where.
trap 'echo "rest_flows: command failed (exit $?) at line $LINENO: $BASH_COMMAND" >&2' ERR

step() {
    STEP=$1
}

ok() {
    STEPS_OK=$((STEPS_OK + 1))
    echo "ok $STEPS_OK - $STEP"
}

# fail MESSAGE: prints the last request/response for context and exits.
fail() {
    {
        echo
        echo "FAILED: $STEP"
        echo "  $1"
        if [[ -n ${LAST_REQ:-} ]]; then
            echo "  request : $LAST_REQ"
            echo "  status  : ${STATUS:-?}"
            [[ -f $WORK/last.headers ]] && sed 's/^/  header  : /' "$WORK/last.headers" | tr -d '\r' | head -n 20
            [[ -f $WORK/last.body ]] && echo "  body    : $(head -c 2000 "$WORK/last.body")"
        fi
    } >&2
    exit 1
}

# http METHOD URL [curl args...]: performs one request; sets STATUS, BODY (file) and HEADERS (file).
http() {
    local method=$1 url=$2
    shift 2
    LAST_REQ="$method $url"
    : >"$WORK/last.body"
    : >"$WORK/last.headers"
    STATUS=$(curl -sS -X "$method" -o "$WORK/last.body" -D "$WORK/last.headers" -w '%{http_code}' "$@" "$url") ||
        fail "curl could not complete $method $url"
    BODY=$WORK/last.body
    HEADERS=$WORK/last.headers
}

expect_status() {
    [[ $STATUS == "$1" ]] || fail "expected HTTP $1, got $STATUS"
}

# header NAME: value of a response header (case-insensitive), without the trailing CR.
header() {
    grep -i "^$1:" "$HEADERS" | tail -n 1 | cut -d' ' -f2- | tr -d '\r' || true
}

# check JQ_EXPR DESCRIPTION: the last body must satisfy the jq expression (true).
check() {
    jq -e "$1" "$BODY" >/dev/null 2>&1 || fail "$2 (jq: $1)"
}

# json JQ_EXPR: extracts a raw value from the last body.
json() {
    jq -r "$1" "$BODY"
}

# The real API's sha256Hash: base64 of the lowercase hex SHA-256 (protocol.md §2.4).
sha256_hash() {
    printf '%s' "$(sha256sum "$1" | cut -d' ' -f1)" | base64 -w0
}

# Writes N request lines (REST casing as in the cookbook: generation_config inside lines).
make_jsonl() {
    local out=$1 prefix=$2 count=$3 pad=${4:-0}
    local filler="" i
    if ((pad > 0)); then filler=" $(head -c "$pad" /dev/zero | tr '\0' 'x')"; fi
    : >"$out"
    for ((i = 1; i <= count; i++)); do
        printf '{"key":"%s-%04d","request":{"contents":[{"parts":[{"text":"Question %d: what is %d squared?%s"}],"role":"user"}],"generation_config":{"temperature":0.1}}}\n' \
            "$prefix" "$i" "$i" "$i" "$filler" >>"$out"
    done
}

clock() {
    curl -sS -f -X POST -H 'Content-Type: application/json' -d "{\"advanceSeconds\":$1}" "$BASE/emulator/clock" >/dev/null ||
        fail "POST /emulator/clock failed"
}

# --------------------------------------------------------------------------------------------
step "start gemini-emulator --port 0 --api-key"
: >"$WORK/emulator.out"
: >"$WORK/emulator.err"
"$EMULATOR" --host 127.0.0.1 --port 0 --api-key "$KEY" >"$WORK/emulator.out" 2>"$WORK/emulator.err" &
EMU_PID=$!
BASE=
for _ in $(seq 1200); do
    BASE=$(sed -n 's|^gemini-emulator listening on \(http://[^ ]*\)$|\1|p' "$WORK/emulator.out" | head -n 1)
    [[ -n $BASE ]] && break
    kill -0 "$EMU_PID" 2>/dev/null || fail "emulator exited before printing its listening line"
    sleep 0.1
done
[[ -n $BASE ]] || fail "no 'gemini-emulator listening on http://HOST:PORT' line within 120 s"
echo "# emulator at $BASE"
curl -sS -f -X POST -H 'Content-Type: application/json' \
    -d '{"pendingSeconds":30,"runningSeconds":60,"failedLineRate":0.25,"speed":1}' "$BASE/emulator/config" >/dev/null ||
    fail "POST /emulator/config failed"
ok

# --------------------------------------------------------------------------------------------
step "cookbook resumable upload: start with -D headers, one 'upload, finalize' chunk"
INPUT=$WORK/batch-input.jsonl
make_jsonl "$INPUT" rest 8
NUM_BYTES=$(wc -c <"$INPUT")
MIME_TYPE=application/jsonl
DISPLAY_NAME=rest-batch-input
# As in the cookbook's sample.sh (header file via -D, key in a header as in the current docs).
http POST "$BASE/upload/v1beta/files" \
    -H "x-goog-api-key: $KEY" \
    -H "X-Goog-Upload-Protocol: resumable" \
    -H "X-Goog-Upload-Command: start" \
    -H "X-Goog-Upload-Header-Content-Length: $NUM_BYTES" \
    -H "X-Goog-Upload-Header-Content-Type: $MIME_TYPE" \
    -H "Content-Type: application/json" \
    -d "{\"file\": {\"display_name\": \"$DISPLAY_NAME\"}}"
expect_status 200
cp "$HEADERS" "$WORK/upload-header.tmp"
upload_url=$(grep -i "x-goog-upload-url: " "$WORK/upload-header.tmp" | cut -d" " -f2 | tr -d "\r")
[[ -n $upload_url ]] || fail "start reply has no x-goog-upload-url header"
[[ $upload_url == "$BASE"/* ]] || fail "session URL '$upload_url' does not point at the emulator ($BASE)"
[[ $(header x-goog-upload-status) == active ]] || fail "start reply should carry X-Goog-Upload-Status: active"
# The cookbook's chunk request carries no API key.
http POST "$upload_url" \
    -H "Content-Length: $NUM_BYTES" \
    -H "X-Goog-Upload-Offset: 0" \
    -H "X-Goog-Upload-Command: upload, finalize" \
    --data-binary "@$INPUT"
expect_status 200
[[ $(header x-goog-upload-status) == final ]] || fail "finalize reply should carry X-Goog-Upload-Status: final"
cp "$BODY" "$WORK/file_info.json"
INPUT_FILE=$(json .file.name)
INPUT_ID=${INPUT_FILE#files/}
check '.file.name | test("^files/[a-z0-9]{12}$")' "server-generated file ids are 12 chars of [a-z0-9] (protocol.md §2.4)"
check ".file.displayName == \"$DISPLAY_NAME\"" "display_name is echoed as displayName"
check ".file.sizeBytes == \"$NUM_BYTES\"" "sizeBytes is the int64 string \"$NUM_BYTES\""
check ".file.mimeType == \"$MIME_TYPE\"" "mimeType comes from X-Goog-Upload-Header-Content-Type"
check ".file.sha256Hash == \"$(sha256_hash "$INPUT")\"" "sha256Hash = base64(hex sha256)"
check '.file.state == "ACTIVE" and .file.source == "UPLOADED"' "state ACTIVE, source UPLOADED"
ok

# --------------------------------------------------------------------------------------------
step "3-chunk resumable upload with explicit offsets, size_bytes as a number, query between chunks"
THREE=$WORK/three-chunks.jsonl
make_jsonl "$THREE" three 30 20000
THREE_BYTES=$(wc -c <"$THREE")
C1=262144
C2=262144
C3=$((THREE_BYTES - C1 - C2))
((C3 > 0)) || fail "test file too small for three chunks"
# Start with ?key= as in the cookbook's sample.sh, snake_case body with size_bytes as a JSON number.
http POST "$BASE/upload/v1beta/files?key=$KEY" \
    -H "X-Goog-Upload-Protocol: resumable" \
    -H "X-Goog-Upload-Command: start" \
    -H "X-Goog-Upload-Header-Content-Length: $THREE_BYTES" \
    -H "X-Goog-Upload-Header-Content-Type: application/jsonl" \
    -H "Content-Type: application/json" \
    -d "{\"file\":{\"display_name\":\"rest three chunks\",\"mime_type\":\"application/jsonl\",\"size_bytes\":$THREE_BYTES}}"
expect_status 200
three_url=$(header x-goog-upload-url)
[[ -n $three_url ]] || fail "no x-goog-upload-url"
head -c "$C1" "$THREE" >"$WORK/c1"
head -c "$((C1 + C2))" "$THREE" | tail -c "$C2" >"$WORK/c2"
tail -c "+$((C1 + C2 + 1))" "$THREE" >"$WORK/c3"
http POST "$three_url" -H "X-Goog-Upload-Offset: 0" -H "X-Goog-Upload-Command: upload" --data-binary "@$WORK/c1"
expect_status 200
[[ $(header x-goog-upload-status) == active ]] || fail "chunk 1 reply should be X-Goog-Upload-Status: active"
http POST "$three_url" -H "X-Goog-Upload-Command: query" -H "Content-Length: 0"
expect_status 200
[[ $(header x-goog-upload-status) == active ]] || fail "query reply should be X-Goog-Upload-Status: active"
[[ $(header x-goog-upload-size-received) == "$C1" ]] || fail "query: X-Goog-Upload-Size-Received should be $C1"
http POST "$three_url" -H "X-Goog-Upload-Offset: $C1" -H "X-Goog-Upload-Command: upload" --data-binary "@$WORK/c2"
expect_status 200
[[ $(header x-goog-upload-status) == active ]] || fail "chunk 2 reply should be X-Goog-Upload-Status: active"
http POST "$three_url" -H "X-Goog-Upload-Offset: $((C1 + C2))" -H "X-Goog-Upload-Command: upload, finalize" \
    --data-binary "@$WORK/c3"
expect_status 200
[[ $(header x-goog-upload-status) == final ]] || fail "chunk 3 reply should be X-Goog-Upload-Status: final"
THREE_FILE=$(json .file.name)
check ".file.sizeBytes == \"$THREE_BYTES\"" "size_bytes (number) comes back as the string sizeBytes"
check '.file.displayName == "rest three chunks" and .file.mimeType == "application/jsonl"' "snake_case display_name/mime_type honoured"
check ".file.sha256Hash == \"$(sha256_hash "$THREE")\"" "sha256Hash over all three chunks"
ok

# --------------------------------------------------------------------------------------------
step "upload session edge cases: wrong offset, cancel"
http POST "$BASE/upload/v1beta/files" -H "x-goog-api-key: $KEY" \
    -H "X-Goog-Upload-Protocol: resumable" -H "X-Goog-Upload-Command: start" \
    -H "X-Goog-Upload-Header-Content-Length: 2000" -H "X-Goog-Upload-Header-Content-Type: application/jsonl" \
    -H "Content-Type: application/json" -d '{"file":{"display_name":"rest cancelled"}}'
expect_status 200
edge_url=$(header x-goog-upload-url)
head -c 1000 "$THREE" >"$WORK/e1"
http POST "$edge_url" -H "X-Goog-Upload-Offset: 0" -H "X-Goog-Upload-Command: upload" --data-binary "@$WORK/e1"
expect_status 200
# protocol.md §2.3 (emulator choice): a wrong offset → 400 INVALID_ARGUMENT, session stays usable.
http POST "$edge_url" -H "X-Goog-Upload-Offset: 5" -H "X-Goog-Upload-Command: upload" --data-binary "@$WORK/e1"
expect_status 400
check '.error.status == "INVALID_ARGUMENT" and .error.code == 400' "wrong offset → Google error body INVALID_ARGUMENT"
http POST "$edge_url" -H "X-Goog-Upload-Command: query" -H "Content-Length: 0"
expect_status 200
[[ $(header x-goog-upload-size-received) == 1000 ]] || fail "a rejected chunk must not move the confirmed offset"
http POST "$edge_url" -H "X-Goog-Upload-Command: cancel" -H "Content-Length: 0"
expect_status 200
[[ $(header x-goog-upload-status) == cancelled ]] || fail "cancel reply should be X-Goog-Upload-Status: cancelled"
http POST "$edge_url" -H "X-Goog-Upload-Offset: 1000" -H "X-Goog-Upload-Command: upload, finalize" --data-binary "@$WORK/e1"
[[ $STATUS =~ ^4[0-9][0-9]$ ]] || fail "a chunk after cancel must be rejected with 4xx, got $STATUS"
ok

# --------------------------------------------------------------------------------------------
step "files.get with the ?key= query form"
http GET "$BASE/v1beta/files/$INPUT_ID?key=$KEY"
expect_status 200
check ".name == \"$INPUT_FILE\" and .sizeBytes == \"$NUM_BYTES\" and .displayName == \"$DISPLAY_NAME\"" "files.get returns the bare File"
check ".sha256Hash == \"$(sha256_hash "$INPUT")\" and .state == \"ACTIVE\"" "files.get sha256Hash/state"
check '(.expirationTime | sub("\\.[0-9]+Z$"; "Z") | fromdate) - (.createTime | sub("\\.[0-9]+Z$"; "Z") | fromdate) | (. >= 172799 and . <= 172801)' \
    "expirationTime = createTime + 48 h"
# Also under /v1 (the JS SDK's default version).
http GET "$BASE/v1/files/$INPUT_ID" -H "x-goog-api-key: $KEY"
expect_status 200
check ".name == \"$INPUT_FILE\"" "files.get under /v1"
ok

# --------------------------------------------------------------------------------------------
step "files.list via pageSize/pageToken"
for i in 1 2 3; do
    make_jsonl "$WORK/list$i.jsonl" "list$i" "$i"
    n=$(wc -c <"$WORK/list$i.jsonl")
    if ((i == 3)); then
        # Verbatim cookbook sample.sh: ?key= and the single-quoted pseudo-JSON body the real server
        # tolerated (protocol.md §2.1).
        http POST "$BASE/upload/v1beta/files?key=$KEY" \
            -H "X-Goog-Upload-Protocol: resumable" -H "X-Goog-Upload-Command: start" \
            -H "X-Goog-Upload-Header-Content-Length: $n" -H "X-Goog-Upload-Header-Content-Type: application/jsonl" \
            -H "Content-Type: application/json" -d "{'file': {'display_name': 'rest list $i'}}"
    else
        http POST "$BASE/upload/v1beta/files" -H "x-goog-api-key: $KEY" \
            -H "X-Goog-Upload-Protocol: resumable" -H "X-Goog-Upload-Command: start" \
            -H "X-Goog-Upload-Header-Content-Length: $n" -H "X-Goog-Upload-Header-Content-Type: application/jsonl" \
            -H "Content-Type: application/json" -d "{\"file\":{\"display_name\":\"rest list $i\"}}"
    fi
    expect_status 200
    u=$(header x-goog-upload-url)
    http POST "$u" -H "X-Goog-Upload-Offset: 0" -H "X-Goog-Upload-Command: upload, finalize" --data-binary "@$WORK/list$i.jsonl"
    expect_status 200
    check ".file.displayName == \"rest list $i\"" "display_name honoured"
done
: >"$WORK/listed"
token=
pages=0
while :; do
    pages=$((pages + 1))
    ((pages <= 50)) || fail "files.list did not end after 50 pages (empty nextPageToken?)"
    url="$BASE/v1beta/files?pageSize=2"
    [[ -n $token ]] && url="$url&pageToken=$(jq -rn --arg t "$token" '$t|@uri')"
    http GET "$url" -H "x-goog-api-key: $KEY"
    expect_status 200
    check '((.files // []) | length) <= 2' "a page holds at most pageSize files"
    json '(.files // [])[].name' >>"$WORK/listed"
    check '(has("nextPageToken") | not) or (.nextPageToken | type == "string" and length > 0)' "nextPageToken absent or non-empty"
    token=$(json '.nextPageToken // empty')
    [[ -n $token ]] || break
done
((pages >= 3)) || fail "5 files at pageSize 2 need at least 3 pages, got $pages"
[[ $(sort "$WORK/listed" | uniq -d | wc -l) -eq 0 ]] || fail "files.list returned duplicates: $(sort "$WORK/listed" | uniq -d)"
for f in "$INPUT_FILE" "$THREE_FILE"; do
    grep -qx "$f" "$WORK/listed" || fail "files.list lacks $f"
done
[[ $(wc -l <"$WORK/listed") -ge 5 ]] || fail "files.list found $(wc -l <"$WORK/listed") files, expected >= 5"
ok

# --------------------------------------------------------------------------------------------
step "batch create from a file: {\"batch\":{\"display_name\",\"input_config\":{\"file_name\"}}}"
http POST "$BASE/v1beta/models/$MODEL:batchGenerateContent" \
    -H "x-goog-api-key: $KEY" -H "Content-Type: application/json" \
    -d "{\"batch\":{\"display_name\":\"rest-file-batch\",\"input_config\":{\"file_name\":\"$INPUT_FILE\"}}}"
expect_status 200
FILE_BATCH=$(json .name)
check '.name | test("^batches/[a-z0-9]{36}$")' "Operation name is batches/<36 chars of [a-z0-9]> (protocol.md §3.1)"
check '.metadata.name == .name' "metadata repeats the name"
check '.metadata.state == "BATCH_STATE_PENDING"' "a new batch is BATCH_STATE_PENDING"
check '.metadata.displayName == "rest-file-batch"' "display_name is echoed as displayName"
check ".metadata.inputConfig.fileName == \"$INPUT_FILE\"" "input_config.file_name is echoed as inputConfig.fileName"
check ".metadata.model == \"models/$MODEL\"" "metadata.model"
check '.metadata.batchStats.requestCount == "8"' "batchStats.requestCount is the int64 string \"8\""
check '(.done // false) == false' "done is absent while pending"
ok

step "batch create inline with snake_case and int64 priority as a number"
http POST "$BASE/v1beta/models/$MODEL:batchGenerateContent" \
    -H "x-goog-api-key: $KEY" -H "Content-Type: application/json" \
    -d '{"batch":{"display_name":"rest-inline","priority":5,"input_config":{"requests":{"requests":[
          {"request":{"contents":[{"parts":[{"text":"Tell me a one-sentence joke."}]}]},"metadata":{"key":"request-1"}},
          {"request":{"contents":[{"parts":[{"text":"Why is the sky blue?"}]}],"generation_config":{"temperature":0.3}},"metadata":{"key":"request-2"}}]}}}}'
expect_status 200
INLINE_BATCH=$(json .name)
check '.metadata.state == "BATCH_STATE_PENDING" and .metadata.displayName == "rest-inline"' "inline batch pending"
check '.metadata.priority == "5"' "priority sent as a number comes back as the int64 string \"5\""
check '(.metadata | has("inputConfig") | not) or (.metadata.inputConfig | has("fileName") | not)' "an inline batch has no inputConfig.fileName"
ok

step "batches get / list via pageSize + pageToken (operations[])"
http GET "$BASE/v1beta/$FILE_BATCH" -H "x-goog-api-key: $KEY"
expect_status 200
check ".name == \"$FILE_BATCH\" and (.metadata.state | test(\"^BATCH_STATE_(PENDING|RUNNING)$\"))" "batches.get"
http POST "$BASE/v1beta/models/$MODEL:batchGenerateContent" -H "x-goog-api-key: $KEY" -H "Content-Type: application/json" \
    -d "{\"batch\":{\"display_name\":\"rest-to-cancel\",\"input_config\":{\"file_name\":\"$INPUT_FILE\"}}}"
expect_status 200
CANCEL_BATCH=$(json .name)
http POST "$BASE/v1beta/models/$MODEL:batchGenerateContent" -H "x-goog-api-key: $KEY" -H "Content-Type: application/json" \
    -d "{\"batch\":{\"displayName\":\"rest-to-delete\",\"inputConfig\":{\"fileName\":\"$INPUT_FILE\"}}}"
expect_status 200
DELETE_BATCH=$(json .name)
: >"$WORK/batches"
token=
pages=0
while :; do
    pages=$((pages + 1))
    ((pages <= 50)) || fail "batches.list did not end after 50 pages"
    url="$BASE/v1beta/batches?pageSize=1"
    [[ -n $token ]] && url="$url&pageToken=$(jq -rn --arg t "$token" '$t|@uri')"
    http GET "$url" -H "x-goog-api-key: $KEY"
    expect_status 200
    check 'has("batches") | not' "the list key is operations, not batches"
    check '((.operations // []) | length) <= 1' "a page holds at most pageSize operations"
    json '(.operations // [])[].name' >>"$WORK/batches"
    token=$(json '.nextPageToken // empty')
    [[ -n $token ]] || break
done
((pages >= 4)) || fail "4 batches at pageSize 1 need 4 pages, got $pages"
for b in "$FILE_BATCH" "$INLINE_BATCH" "$CANCEL_BATCH" "$DELETE_BATCH"; do
    grep -qx "$b" "$WORK/batches" || fail "batches.list lacks $b"
done
ok

step "batches cancel (POST :cancel with {}) → BATCH_STATE_CANCELLED"
http POST "$BASE/v1beta/$CANCEL_BATCH:cancel" -H "x-goog-api-key: $KEY" -H "Content-Type: application/json" -d '{}'
expect_status 200
for _ in $(seq 10); do
    http GET "$BASE/v1beta/$CANCEL_BATCH" -H "x-goog-api-key: $KEY"
    expect_status 200
    [[ $(json .metadata.state) == BATCH_STATE_CANCELLED ]] && break
    clock 5
done
check '.metadata.state == "BATCH_STATE_CANCELLED" and .done == true' "cancelled batch: BATCH_STATE_CANCELLED, done:true"
check '.metadata.endTime | type == "string"' "cancelled batch has endTime"
ok

step "batches delete → {} then get → 404"
http DELETE "$BASE/v1beta/$DELETE_BATCH" -H "x-goog-api-key: $KEY"
expect_status 200
check '. == {}' "batches.delete answers {}"
http GET "$BASE/v1beta/$DELETE_BATCH" -H "x-goog-api-key: $KEY"
expect_status 404
check '.error.code == 404 and .error.status == "NOT_FOUND" and (.error.message | type == "string")' "Google error body for a deleted batch"
ok

# --------------------------------------------------------------------------------------------
step "advance the clock until the file and inline batches succeed"
for _ in $(seq 40); do
    http GET "$BASE/v1beta/$FILE_BATCH" -H "x-goog-api-key: $KEY"
    expect_status 200
    s1=$(json .metadata.state)
    cp "$BODY" "$WORK/file-batch.json"
    http GET "$BASE/v1beta/$INLINE_BATCH" -H "x-goog-api-key: $KEY"
    expect_status 200
    s2=$(json .metadata.state)
    cp "$BODY" "$WORK/inline-batch.json"
    [[ $s1 == BATCH_STATE_SUCCEEDED && $s2 == BATCH_STATE_SUCCEEDED ]] && break
    [[ $s1 =~ ^BATCH_STATE_(PENDING|RUNNING|SUCCEEDED)$ ]] || fail "file batch in unexpected state $s1"
    [[ $s2 =~ ^BATCH_STATE_(PENDING|RUNNING|SUCCEEDED)$ ]] || fail "inline batch in unexpected state $s2"
    clock 15
done
BODY=$WORK/file-batch.json
check '.metadata.state == "BATCH_STATE_SUCCEEDED" and .done == true' "file batch SUCCEEDED with done:true"
RESULT_FILE=$(json .metadata.output.responsesFile)
[[ $RESULT_FILE == "files/batch-${FILE_BATCH#batches/}" ]] || fail "responsesFile '$RESULT_FILE' should be files/batch-<batch id>"
check ".response.responsesFile == \"$RESULT_FILE\"" "Operation response repeats responsesFile"
check '.metadata.batchStats.requestCount == "8"' "requestCount"
check '([.metadata.batchStats.successfulRequestCount, .metadata.batchStats.failedRequestCount] | map(select(. != null) | (type == "string" and (tonumber > 0))) | all)' \
    "present counters are positive int64 strings (zeros omitted)"
check '((.metadata.batchStats.successfulRequestCount // "0" | tonumber) + (.metadata.batchStats.failedRequestCount // "0" | tonumber)) == 8' \
    "successful + failed = 8"
check '.metadata.endTime | type == "string"' "endTime set"
FAILED=$(json '.metadata.batchStats.failedRequestCount // "0"')
BODY=$WORK/inline-batch.json
check '.metadata.state == "BATCH_STATE_SUCCEEDED"' "inline batch SUCCEEDED"
check '[.metadata.output.inlinedResponses.inlinedResponses[].metadata.key] == ["request-1","request-2"]' \
    "inline output double-nested inlinedResponses, in request order, metadata echoed"
check '.metadata.output.inlinedResponses.inlinedResponses | all((has("response")) != (has("error")))' "each inline item has response xor error"
# The cookbook notes that batches.list leaves inlinedResponses out (call get per job).
http GET "$BASE/v1beta/batches?pageSize=100" -H "x-goog-api-key: $KEY"
expect_status 200
check "[.operations[] | select(.name == \"$INLINE_BATCH\")] | length == 1" "inline batch listed"
check "[.operations[] | select(.name == \"$INLINE_BATCH\") | .metadata.output.inlinedResponses] | all(. == null)" \
    "batches.list omits inlinedResponses"
ok

step "download results: /download/v1beta/files/{id}:download?alt=media (and the SDK form, byte-identical)"
RESULT_ID=${RESULT_FILE#files/}
http GET "$BASE/download/v1beta/files/$RESULT_ID:download?alt=media" -H "x-goog-api-key: $KEY"
expect_status 200
cp "$BODY" "$WORK/results.jsonl"
http GET "$BASE/v1beta/files/$RESULT_ID:download?alt=media" -H "x-goog-api-key: $KEY"
expect_status 200
cmp -s "$BODY" "$WORK/results.jsonl" || fail "the two download URL forms returned different bytes"
# files.get on the results file fails like the real API: its id (batch-<36>) is over 40 characters
# (limits-and-errors.md §4, go-genai#436).
http GET "$BASE/v1beta/files/$RESULT_ID" -H "x-goog-api-key: $KEY"
expect_status 400
check '.error.status == "INVALID_ARGUMENT" and (.error.message | test("40 characters"))' "files.get of a >40-char id → 400"
BODY=$WORK/results.jsonl
lines=$(grep -c . "$WORK/results.jsonl" || true)
[[ $lines -eq 8 ]] || fail "results file has $lines lines, expected 8 (one per input key)"
jq -r .key "$WORK/results.jsonl" | sort >"$WORK/result-keys"
jq -r .key "$INPUT" | sort >"$WORK/input-keys"
cmp -s "$WORK/result-keys" "$WORK/input-keys" || fail "result keys differ from input keys: $(diff "$WORK/input-keys" "$WORK/result-keys" | head)"
jq -e -s 'all(.[]; (has("response")) != (has("error")))' "$WORK/results.jsonl" >/dev/null ||
    fail "every result line needs exactly one of response/error"
errs=$(jq -s '[.[] | select(has("error"))] | length' "$WORK/results.jsonl")
[[ $errs -eq $FAILED ]] || fail "$errs error lines but failedRequestCount $FAILED"
jq -e -s 'all(.[] | select(has("error")); .error.code | type == "number")' "$WORK/results.jsonl" >/dev/null ||
    fail "error lines carry a numeric gRPC code"
jq -e -s 'all(.[] | select(has("response")); .response.candidates[0].content.parts | length > 0)' "$WORK/results.jsonl" >/dev/null ||
    fail "response lines carry candidate parts"
ok

# --------------------------------------------------------------------------------------------
step "files delete → {} then get → 403 PERMISSION_DENIED 'may not exist'"
http DELETE "$BASE/v1beta/$THREE_FILE" -H "x-goog-api-key: $KEY"
expect_status 200
check '. == {}' "files.delete answers {}"
http GET "$BASE/v1beta/$THREE_FILE?key=$KEY"
expect_status 403
check '.error.status == "PERMISSION_DENIED" and (.error.message | test("may not exist"))' "403 'or it may not exist'"
ok

step "auth errors: wrong key → 400 API_KEY_INVALID; no key → error"
http GET "$BASE/v1beta/files?key=wrong-key"
expect_status 400
check '.error.code == 400 and .error.status == "INVALID_ARGUMENT"' "bad key: INVALID_ARGUMENT"
check '.error.details | any(.reason == "API_KEY_INVALID")' "bad key: ErrorInfo API_KEY_INVALID"
http GET "$BASE/v1beta/files"
[[ $STATUS =~ ^4[0-9][0-9]$ ]] || fail "a request without any key must be rejected with 4xx, got $STATUS"
check '.error.code | type == "number"' "missing key: Google error body"
ok

# --------------------------------------------------------------------------------------------
# Not a failure (the request succeeds), but worth knowing: curl sends "Expect: 100-continue" for
# bodies over 1 MiB (e.g. a whole-file cookbook upload) and waits 1 s unless the server answers
# "100 Continue" first, as Google's front end does.
step "informational: Expect: 100-continue on a 2 MiB upload"
head -c 2097152 /dev/zero | tr '\0' 'a' >"$WORK/expect.bin"
http POST "$BASE/upload/v1beta/files" -H "x-goog-api-key: $KEY" \
    -H "X-Goog-Upload-Protocol: resumable" -H "X-Goog-Upload-Command: start" \
    -H "X-Goog-Upload-Header-Content-Length: 2097152" -H "X-Goog-Upload-Header-Content-Type: text/plain" \
    -H "Content-Type: application/json" -d '{"file":{"display_name":"expect"}}'
expect_status 200
expect_url=$(header x-goog-upload-url)
curl -sS -v -o /dev/null -H "X-Goog-Upload-Offset: 0" -H "X-Goog-Upload-Command: upload, finalize" \
    --data-binary "@$WORK/expect.bin" "$expect_url" 2>"$WORK/expect.trace" || fail "2 MiB upload failed"
if grep -q "Done waiting for 100-continue" "$WORK/expect.trace"; then
    echo "# WARN: the emulator does not answer 'Expect: 100-continue'; curl waited 1 s before sending the body"
fi
ok

STEP="done"
echo "rest_flows: all $STEPS_OK steps passed"
