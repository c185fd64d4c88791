#pragma once

#include <cstddef>
#include <list>
#include <optional>
#include <stdexcept>
#include <unordered_map>
#include <utility>

namespace medsam::agent {

// A bounded least-recently-used map. Segmenters keep per-slice precomputations (normalised image, edge
// weights, embeddings) here, keyed by slice, so paging back and forth between slices recomputes nothing while
// memory stays bounded. Not thread-safe (a segmenter is owned by one worker).
template <typename Key, typename Value, typename Hash = std::hash<Key>>
class LruCache {
public:
    explicit LruCache(std::size_t capacity) : capacity_(capacity) {
        if (capacity_ == 0) throw std::invalid_argument("LruCache: capacity must be at least 1");
    }

    std::size_t capacity() const { return capacity_; }
    std::size_t size() const { return index_.size(); }
    bool contains(const Key& key) const { return index_.count(key) != 0; }

    // The value for `key`, marked most recently used; nullptr when absent. The pointer stays valid until the
    // entry is evicted or erased.
    Value* find(const Key& key) {
        const auto it = index_.find(key);
        if (it == index_.end()) return nullptr;
        order_.splice(order_.begin(), order_, it->second);
        return &it->second->second;
    }

    // Inserts or replaces, marks most recently used, evicts the least recently used entry beyond capacity.
    Value& put(const Key& key, Value value) {
        const auto it = index_.find(key);
        if (it != index_.end()) {
            it->second->second = std::move(value);
            order_.splice(order_.begin(), order_, it->second);
            return it->second->second;
        }
        order_.emplace_front(key, std::move(value));
        index_.emplace(key, order_.begin());
        while (index_.size() > capacity_) {
            index_.erase(order_.back().first);
            order_.pop_back();
        }
        return order_.front().second;
    }

    bool erase(const Key& key) {
        const auto it = index_.find(key);
        if (it == index_.end()) return false;
        order_.erase(it->second);
        index_.erase(it);
        return true;
    }

    void clear() {
        index_.clear();
        order_.clear();
    }

    // Key of the entry that would be evicted next, if any.
    std::optional<Key> leastRecentKey() const {
        if (order_.empty()) return std::nullopt;
        return order_.back().first;
    }

private:
    using Entry = std::pair<Key, Value>;
    std::size_t capacity_;
    std::list<Entry> order_;  // most recently used first
    std::unordered_map<Key, typename std::list<Entry>::iterator, Hash> index_;
};

}  // namespace medsam::agent
