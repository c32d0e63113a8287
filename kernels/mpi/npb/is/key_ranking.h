#pragma once
// NPB IS on MPI: each rank generates its contiguous share of the global key sequence, then every
// ranking pass bucket-sorts its keys locally, agrees on bucket totals (MPI_Allreduce), hands each
// rank a contiguous run of buckets holding about total/ranks keys, moves the keys there with
// MPI_Alltoall (counts) + MPI_Alltoallv (keys), and ranks them by counting. The 5 test keys ride
// along in the bucket totals so the rank owning their value can check their global rank.
#include <array>
#include <cstdint>
#include <vector>

#include "is_classes.h"

namespace npb_is {

class KeyRanking {
 public:
  // `skip` extra random numbers before this rank's share (0 for the benchmark; 1 perturbs it).
  KeyRanking(const IsClass& c, int rank, int ranks, int skip);

  // NPB's rank(iteration): rewrites keys `it` and `it + 10` (rank 0), ranks all keys, and
  // returns how many test-key ranks this rank checked and found right.
  int rank_keys(int it);
  // The test-key ranks this rank computed in the last pass (-1 where another rank owned the key).
  const std::array<int64_t, kTestKeys>& computed_ranks() const { return computed_; }
  const std::array<int64_t, kTestKeys>& test_key_values() const { return test_values_; }

  // After the last pass: sorts this rank's keys with the ranking and checks the order locally,
  // across rank boundaries, and that no key was lost. Collective.
  bool full_verify();

 private:
  void generate(int skip);

  const IsClass c_;
  int rank_, ranks_;
  int64_t num_keys_;
  int max_key_, buckets_, shift_;
  std::vector<int> keys_;
  std::vector<int> bucket_size_, bucket_total_;  // buckets_ + kTestKeys (test key values on top)
  std::vector<int> by_bucket_, received_;
  std::vector<int> send_count_, send_displ_, recv_count_, recv_displ_;
  std::vector<int> population_;  // cumulative count per key value in [min_key_, max_key_]
  int min_key_ = 0, max_key_here_ = -1;
  int64_t local_expected_ = 0;  // keys the bucket totals say this rank should hold
  std::array<int64_t, kTestKeys> computed_{}, test_values_{};
};

}  // namespace npb_is
