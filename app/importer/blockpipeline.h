#pragma once

#include "sha256.h"

#include <QString>

#include <atomic>
#include <condition_variable>
#include <deque>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

namespace bb {

// One read buffer: [0, hashOffset) holds the unfinished line carried over from the previous block,
// [hashOffset, hashOffset + hashSize) the bytes just read from the file; `capacity` includes room
// for the parser's read-ahead padding after the data.
struct ReadBlock
{
    std::unique_ptr<char[]> data;
    size_t capacity = 0;
    size_t hashOffset = 0;
    size_t hashSize = 0;
    std::atomic_int users = 0; // the parser and/or the hasher; back in the pool at 0
};

// A fixed number of read buffers shared by the parsing and the hashing thread. acquire() waits
// while all are in use, which bounds memory and lets the slower thread set the pace. A block is
// acquired by the parser (one user), shared with the hasher (a second user) and returns to the
// pool when the last user releases it.
class BlockPool final
{
public:
    BlockPool(int count, size_t standardCapacity);
    BlockPool(const BlockPool &) = delete;
    BlockPool &operator=(const BlockPool &) = delete;

    ReadBlock *acquire(size_t minCapacity);
    void release(ReadBlock *block); // by one user; a block grown for a long line shrinks back

private:
    std::mutex m_mutex;
    std::condition_variable m_freed;
    std::vector<std::unique_ptr<ReadBlock>> m_blocks;
    std::vector<ReadBlock *> m_free;
    size_t m_standardCapacity;
};

// Hashes the fresh bytes of each submitted block in submission order, on its own thread when
// `threaded` (so hashing overlaps parsing), as a second user of the block.
class BlockHasher final
{
public:
    BlockHasher(BlockPool &pool, bool threaded);
    ~BlockHasher();
    BlockHasher(const BlockHasher &) = delete;
    BlockHasher &operator=(const BlockHasher &) = delete;

    void submit(ReadBlock *block);
    QString finish(); // waits for the queue to drain; lowercase hex SHA-256

private:
    void run();
    void hash(ReadBlock *block);

    BlockPool &m_pool;
    Sha256 m_sha;
    std::mutex m_mutex;
    std::condition_variable m_wake;
    std::deque<ReadBlock *> m_queue;
    bool m_closing = false;
    std::thread m_thread;
};

} // namespace bb
