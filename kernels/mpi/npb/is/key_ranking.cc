#include "key_ranking.h"

#include <mpi.h>

#include <algorithm>

#include "vcb/npb_random.h"

namespace npb_is {

KeyRanking::KeyRanking(const IsClass& c, int rank, int ranks, int skip)
    : c_(c),
      rank_(rank),
      ranks_(ranks),
      num_keys_((int64_t{1} << c.total_keys_log2) / ranks),
      max_key_(1 << c.max_key_log2),
      buckets_(1 << c.buckets_log2),
      shift_(c.max_key_log2 - c.buckets_log2),
      bucket_size_(buckets_ + kTestKeys),
      bucket_total_(buckets_ + kTestKeys),
      send_count_(ranks),
      send_displ_(ranks),
      recv_count_(ranks),
      recv_displ_(ranks) {
  generate(skip);
}

// Key = (MAX_KEY/4) * (sum of 4 successive uniforms), truncated: roughly Gaussian on [0, MAX_KEY).
// Rank r starts 4 * num_keys * r numbers into the global stream, so the keys are the serial ones.
void KeyRanking::generate(int skip) {
  keys_.resize(num_keys_);
  double seed = vcb::npb::skip_ahead(vcb::npb::kSeed, vcb::npb::kMultiplier,
                                     static_cast<uint64_t>(4 * num_keys_ * rank_ + skip));
  const double scale = max_key_ / 4;
  constexpr int64_t chunk = 4096;
  std::vector<double> u(4 * chunk);
  for (int64_t start = 0; start < num_keys_; start += chunk) {
    const int64_t n = std::min(chunk, num_keys_ - start);
    vcb::npb::vranlc(4 * n, seed, vcb::npb::kMultiplier, u.data());
    for (int64_t i = 0; i < n; ++i) {
      double x = u[4 * i];
      x += u[4 * i + 1];
      x += u[4 * i + 2];
      x += u[4 * i + 3];
      keys_[start + i] = static_cast<int>(scale * x);
    }
  }
}

int KeyRanking::rank_keys(int it) {
  if (rank_ == 0) {
    keys_[it] = it;
    keys_[it + kIterations] = max_key_ - it;
  }

  // Local bucket sort; the test keys this rank holds go into the slots above the buckets.
  std::fill(bucket_size_.begin(), bucket_size_.end(), 0);
  for (int i = 0; i < kTestKeys; ++i)
    if (c_.test_index[i] / num_keys_ == rank_) bucket_size_[buckets_ + i] = keys_[c_.test_index[i] % num_keys_];
  for (int key : keys_) ++bucket_size_[key >> shift_];
  std::vector<int> next(buckets_, 0);
  for (int b = 1; b < buckets_; ++b) next[b] = next[b - 1] + bucket_size_[b - 1];
  by_bucket_.resize(keys_.size());
  for (int key : keys_) by_bucket_[next[key >> shift_]++] = key;

  MPI_Allreduce(bucket_size_.data(), bucket_total_.data(), buckets_ + kTestKeys, MPI_INT, MPI_SUM,
                MPI_COMM_WORLD);

  // Buckets go to ranks in order: rank j's run ends at the first bucket where the running total
  // reaches (j+1) * num_keys (NPB's rule). Ranks left over at the end get no buckets.
  std::vector<int> first(ranks_, 1), last(ranks_, 0);
  first[0] = 0;
  int64_t total = 0, local = 0;
  int j = 0;
  std::fill(send_count_.begin(), send_count_.end(), 0);
  for (int b = 0; b < buckets_; ++b) {
    total += bucket_total_[b];
    local += bucket_size_[b];
    if (j < ranks_ && total >= (j + 1) * num_keys_) {
      send_count_[j] = static_cast<int>(local);
      if (j != 0) first[j] = last[j - 1] + 1;
      last[j++] = b;
      local = 0;
    }
  }
  for (int r = 1; r < ranks_; ++r) send_displ_[r] = send_displ_[r - 1] + send_count_[r - 1];

  MPI_Alltoall(send_count_.data(), 1, MPI_INT, recv_count_.data(), 1, MPI_INT, MPI_COMM_WORLD);
  for (int r = 1; r < ranks_; ++r) recv_displ_[r] = recv_displ_[r - 1] + recv_count_[r - 1];
  received_.resize(static_cast<size_t>(recv_displ_[ranks_ - 1]) + recv_count_[ranks_ - 1]);
  MPI_Alltoallv(by_bucket_.data(), send_count_.data(), send_displ_.data(), MPI_INT, received_.data(),
                recv_count_.data(), recv_displ_.data(), MPI_INT, MPI_COMM_WORLD);

  // Count keys per value over this rank's key range, then accumulate: population_[v - min] is
  // the number of local keys <= v; `lesser` the keys held by lower ranks.
  const bool has_buckets = first[rank_] <= last[rank_];
  min_key_ = has_buckets ? first[rank_] << shift_ : 0;
  max_key_here_ = has_buckets ? ((last[rank_] + 1) << shift_) - 1 : -1;
  int64_t lesser = 0;
  local_expected_ = 0;
  if (has_buckets) {
    for (int b = 0; b < first[rank_]; ++b) lesser += bucket_total_[b];
    for (int b = first[rank_]; b <= last[rank_]; ++b) local_expected_ += bucket_total_[b];
  }
  population_.assign(static_cast<size_t>(max_key_here_ - min_key_ + 1), 0);
  for (int key : received_) ++population_[key - min_key_];
  for (size_t v = 1; v < population_.size(); ++v) population_[v] += population_[v - 1];

  // Partial verification: the rank of a test key (keys strictly smaller) is checked by the rank
  // whose range holds its value.
  int passed = 0;
  for (int i = 0; i < kTestKeys; ++i) {
    const int key = bucket_total_[buckets_ + i];
    test_values_[i] = key;
    computed_[i] = -1;
    if (key < min_key_ || key > max_key_here_) continue;
    computed_[i] = (key > min_key_ ? population_[key - 1 - min_key_] : 0) + lesser;
    if (computed_[i] == expected_rank(c_, i, it)) ++passed;
  }
  return passed;
}

bool KeyRanking::full_verify() {
  std::vector<int> sorted(received_.size());
  for (int key : received_) sorted[--population_[key - min_key_]] = key;
  bool ok = std::is_sorted(sorted.begin(), sorted.end()) &&
            static_cast<int64_t>(sorted.size()) == local_expected_;

  // Boundaries: each rank's smallest key must not be below the largest key of the nearest lower
  // rank that holds any, and together the ranks must hold every key exactly once.
  const int64_t mine[3] = {static_cast<int64_t>(sorted.size()), sorted.empty() ? 0 : sorted.front(),
                           sorted.empty() ? 0 : sorted.back()};
  std::vector<int64_t> all(3 * static_cast<size_t>(ranks_));
  MPI_Allgather(mine, 3, MPI_INT64_T, all.data(), 3, MPI_INT64_T, MPI_COMM_WORLD);
  int64_t held = 0;
  for (int r = 0; r < ranks_; ++r) held += all[3 * r];
  ok = ok && held == (int64_t{1} << c_.total_keys_log2);
  if (!sorted.empty())
    for (int r = rank_ - 1; r >= 0; --r)
      if (all[3 * r] > 0) {
        ok = ok && all[3 * r + 2] <= sorted.front();
        break;
      }
  return ok;
}

}  // namespace npb_is
