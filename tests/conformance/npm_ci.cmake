# ctest fixture for the conformance tests: `npm ci` into the build folder that holds the copied
# package.json / package-lock.json, skipped when node_modules already matches the lock file.
#   cmake -DDIR=<folder> -DNPM=<npm> -P npm_ci.cmake
if(NOT DIR OR NOT NPM)
    message(FATAL_ERROR "npm_ci.cmake needs -DDIR=<folder> -DNPM=<npm executable>")
endif()

file(SHA256 "${DIR}/package-lock.json" lock_hash)
set(stamp "${DIR}/node_modules/.bb-package-lock.sha256")
if(EXISTS "${stamp}" AND EXISTS "${DIR}/node_modules/@google/genai/package.json")
    file(READ "${stamp}" stamp_hash)
    string(STRIP "${stamp_hash}" stamp_hash)
    if(stamp_hash STREQUAL lock_hash)
        message(STATUS "node_modules matches package-lock.json (${lock_hash}); npm ci skipped")
        return()
    endif()
endif()

message(STATUS "npm ci --no-audit --no-fund in ${DIR}")
execute_process(
    COMMAND "${NPM}" ci --no-audit --no-fund
    WORKING_DIRECTORY "${DIR}"
    RESULT_VARIABLE result)
if(NOT result EQUAL 0)
    message(FATAL_ERROR "npm ci failed (${result}) in ${DIR}: the conformance tests need the npm registry "
                        "once to install @google/genai from package-lock.json")
endif()
file(WRITE "${stamp}" "${lock_hash}\n")
