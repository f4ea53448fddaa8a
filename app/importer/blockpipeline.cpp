#include "blockpipeline.h"

namespace bb {

BlockPool::BlockPool(int count, size_t standardCapacity)
    : m_standardCapacity(standardCapacity)
{
    for (int i = 0; i < count; ++i) {
        m_blocks.push_back(std::make_unique<ReadBlock>());
        m_free.push_back(m_blocks.back().get());
    }
}

ReadBlock *BlockPool::acquire(size_t minCapacity)
{
    std::unique_lock lock(m_mutex);
    m_freed.wait(lock, [this] { return !m_free.empty(); });
    ReadBlock *block = m_free.back();
    m_free.pop_back();
    lock.unlock();
    if (block->capacity < minCapacity) {
        const size_t capacity = std::max(minCapacity, m_standardCapacity);
        block->data.reset();
        block->data = std::make_unique_for_overwrite<char[]>(capacity);
        block->capacity = capacity;
    }
    block->hashOffset = 0;
    block->hashSize = 0;
    block->users = 1;
    return block;
}

void BlockPool::release(ReadBlock *block)
{
    if (block->users.fetch_sub(1, std::memory_order_acq_rel) != 1)
        return;
    if (block->capacity > m_standardCapacity) {
        block->data.reset();
        block->capacity = 0;
    }
    {
        const std::lock_guard lock(m_mutex);
        m_free.push_back(block);
    }
    m_freed.notify_one();
}

BlockHasher::BlockHasher(BlockPool &pool, bool threaded)
    : m_pool(pool)
{
    if (threaded)
        m_thread = std::thread([this] { run(); });
}

BlockHasher::~BlockHasher()
{
    if (m_thread.joinable())
        finish();
}

void BlockHasher::submit(ReadBlock *block)
{
    block->users.fetch_add(1, std::memory_order_relaxed);
    if (!m_thread.joinable()) {
        hash(block);
        return;
    }
    {
        const std::lock_guard lock(m_mutex);
        m_queue.push_back(block);
    }
    m_wake.notify_one();
}

QString BlockHasher::finish()
{
    if (m_thread.joinable()) {
        {
            const std::lock_guard lock(m_mutex);
            m_closing = true;
        }
        m_wake.notify_one();
        m_thread.join();
    }
    return m_sha.finalHex();
}

void BlockHasher::run()
{
    for (;;) {
        std::unique_lock lock(m_mutex);
        m_wake.wait(lock, [this] { return m_closing || !m_queue.empty(); });
        if (m_queue.empty())
            return;
        ReadBlock *block = m_queue.front();
        m_queue.pop_front();
        lock.unlock();
        hash(block);
    }
}

void BlockHasher::hash(ReadBlock *block)
{
    m_sha.addData(block->data.get() + block->hashOffset, block->hashSize);
    m_pool.release(block);
}

} // namespace bb
