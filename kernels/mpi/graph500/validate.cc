#include "validate.h"

#include <mpi.h>

#include <algorithm>
#include <cstdlib>

#include "exchange.h"

namespace vcb::g500 {
namespace {

constexpr int64_t kUnreached = -1;
constexpr int64_t kUnknown = -2;  // reached, level not derived yet

struct VertexState {
  int64_t parent, level;
};

int64_t sum_all(int64_t x) {
  MPI_Allreduce(MPI_IN_PLACE, &x, 1, MPI_INT64_T, MPI_SUM, MPI_COMM_WORLD);
  return x;
}

// Rules 1-2: levels from the parent pointers, one level per round. A round asks each unresolved
// vertex's parent for its level; vertices left unresolved when a round makes no progress sit on a
// cycle or hang below an unreached vertex.
std::vector<int64_t> derive_levels(const CsrGraph& g, int64_t root, const std::vector<int64_t>& parent,
                                   TreeCheck& out) {
  const CyclicDistribution& d = g.dist;
  const int64_t n = d.nlocal();
  std::vector<int64_t> level(n, kUnreached);
  std::vector<int64_t> pending;  // local indices awaiting their parent's level
  for (int64_t i = 0; i < n; ++i) {
    const int64_t p = parent[i];
    if (p == kUnreached) continue;
    if (p < 0 || p >= d.nglobal) {
      ++out.bad_root;  // a corrupt entry: neither unreached nor a vertex
      continue;
    }
    level[i] = kUnknown;
    if (d.global(i) != root) pending.push_back(i);
  }
  if (d.owner(root) == d.rank) {
    if (parent[d.local(root)] == root) level[d.local(root)] = 0;
    else ++out.bad_root;
  }
  out.bad_root = sum_all(out.bad_root);

  Exchange<int64_t> ask;     // parent ids, to their owners
  Exchange<int64_t> answer;  // their levels, back in the same order
  std::vector<int> sent_from(d.ranks);
  while (true) {
    for (const int64_t i : pending) ask.to(d.owner(parent[i])).push_back(parent[i]);
    const std::vector<int64_t>& asked = ask.run();
    for (int src = 0; src < d.ranks; ++src)
      for (int k = ask.from_offset(src), e = k + ask.from_count(src); k < e; ++k)
        answer.to(src).push_back(level[d.local(asked[k])]);
    const std::vector<int64_t>& levels = answer.run();
    // Replies come back grouped by owner in request order: walk the pending list owner by owner.
    for (int src = 0; src < d.ranks; ++src) sent_from[src] = answer.from_offset(src);
    std::vector<int64_t> still;
    int64_t resolved = 0;
    for (const int64_t i : pending) {
      const int64_t lp = levels[sent_from[d.owner(parent[i])]++];
      if (lp >= 0) {
        level[i] = lp + 1;
        ++resolved;
      } else {
        still.push_back(i);
      }
    }
    pending.swap(still);
    if (sum_all(resolved) == 0) break;
  }
  out.not_rooted = sum_all(static_cast<int64_t>(pending.size()));
  int64_t reached = 0, depth = 0;
  for (const int64_t l : level) {
    if (l != kUnreached) ++reached;
    depth = std::max(depth, l);
  }
  out.reached = sum_all(reached);
  MPI_Allreduce(MPI_IN_PLACE, &depth, 1, MPI_INT64_T, MPI_MAX, MPI_COMM_WORLD);
  out.depth = depth;
  return level;
}

// Rules 3-5 and the TEPS edge count: every rank checks the tuples it generated, asking the
// owners of both endpoints for (parent, level).
void check_tuples(const CsrGraph& g, const std::vector<Edge>& tuples, int64_t root,
                  const std::vector<int64_t>& parent, const std::vector<int64_t>& level, TreeCheck& out) {
  const CyclicDistribution& d = g.dist;
  Exchange<int64_t> ask;
  Exchange<VertexState> answer;
  for (const Edge& e : tuples) {
    ask.to(d.owner(e.u)).push_back(e.u);
    ask.to(d.owner(e.v)).push_back(e.v);
  }
  const std::vector<int64_t>& asked = ask.run();
  for (int src = 0; src < d.ranks; ++src)
    for (int k = ask.from_offset(src), e = k + ask.from_count(src); k < e; ++k) {
      const int64_t i = d.local(asked[k]);
      answer.to(src).push_back({parent[i], level[i]});
    }
  const std::vector<VertexState>& states = answer.run();
  std::vector<int> next(d.ranks);
  for (int src = 0; src < d.ranks; ++src) next[src] = answer.from_offset(src);

  Exchange<int64_t> confirmed;  // vertices whose tree edge was seen among the tuples, to their owners
  int64_t gap = 0, split = 0, twice = 0;
  for (const Edge& e : tuples) {
    const VertexState su = states[next[d.owner(e.u)]++];
    const VertexState sv = states[next[d.owner(e.v)]++];
    const bool ru = su.level != kUnreached, rv = sv.level != kUnreached;
    if (e.u == e.v) {
      twice += ru ? 2 : 0;
      continue;
    }
    twice += (ru ? 1 : 0) + (rv ? 1 : 0);
    if (ru != rv) ++split;
    if (ru && rv && su.level >= 0 && sv.level >= 0 && std::llabs(su.level - sv.level) > 1) ++gap;
    if (sv.parent == e.u) confirmed.to(d.owner(e.v)).push_back(e.v);
    if (su.parent == e.v) confirmed.to(d.owner(e.u)).push_back(e.u);
  }
  std::vector<char> has_edge(d.nlocal(), 0);
  for (const int64_t v : confirmed.run()) has_edge[d.local(v)] = 1;
  int64_t missing = 0;
  for (int64_t i = 0; i < d.nlocal(); ++i)
    if (level[i] != kUnreached && d.global(i) != root && !has_edge[i]) ++missing;

  out.level_gap = sum_all(gap);
  out.split_component = sum_all(split);
  out.nedge_twice = sum_all(twice);
  out.no_input_edge = sum_all(missing);
}

}  // namespace

std::string TreeCheck::describe() const {
  return "reached " + std::to_string(reached) + " depth " + std::to_string(depth) + "; violations: root/range " +
         std::to_string(bad_root) + ", unrooted " + std::to_string(not_rooted) + ", level gap " +
         std::to_string(level_gap) + ", component split " + std::to_string(split_component) + ", non-input tree edge " +
         std::to_string(no_input_edge);
}

TreeCheck validate_tree(const CsrGraph& g, const std::vector<Edge>& tuples, int64_t root,
                        const std::vector<int64_t>& parent) {
  TreeCheck out;
  const std::vector<int64_t> level = derive_levels(g, root, parent, out);
  check_tuples(g, tuples, root, parent, level, out);
  return out;
}

}  // namespace vcb::g500
