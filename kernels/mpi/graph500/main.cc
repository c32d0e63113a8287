// vcb-graph500: a Graph500-style breadth-first search benchmark under MPI.
//   mpirun -np P vcb-graph500 [--scale 10] [--edgefactor 16] [--roots 64] [--break-tree 1]
// Generates a Kronecker graph (untimed), builds a distributed CSR (kernel 1, timed as
// construction_time), then runs one BFS per search key (kernel 2, each timed from visiting the
// root until the parent array is complete) and validates every tree by the spec's five rules
// (untimed). --break-tree corrupts one parent entry after the first search so that its
// validation must fail (a self-test of the validator).
//
// TEPS edge count (Graph500 v3): m = undirected input edges in the traversed component = the
// self-loop tuples on reached vertices + half the reached endpoints of all other tuples
// (multi-edges counted). Results are about half of those under the v2 convention.
#include <mpi.h>

#include <algorithm>
#include <cinttypes>
#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

#include "bfs.h"
#include "csr_graph.h"
#include "kronecker.h"
#include "search_keys.h"
#include "statistics.h"
#include "validate.h"
#include "vcb/mpi_world.h"

namespace {

using namespace vcb::g500;

constexpr const char* kTepsConvention =
    "graph500 v3: m = undirected input edges in the traversed component = self-loop tuples on reached vertices "
    "+ half the reached endpoints of the other tuples (multi-edges counted)";

struct Config {
  GraphSpec spec;
  int64_t roots = 64;
  bool break_tree = false;
};

struct Search {
  int64_t root = 0;
  double seconds = 0;
  int levels = 0;
  TreeCheck check;
};

struct Outcome {
  double generation_s = 0, construction_s = 0;
  uint64_t digest = 0;
  int64_t self_loops = 0, nvertices = 0, broken_vertex = -1;
  std::vector<Search> searches;
};

double wall() { return MPI_Wtime(); }

// The only deliberate fault: the smallest reached non-root vertex becomes its own parent.
int64_t break_one_parent(const CsrGraph& g, int64_t root, std::vector<int64_t>& parent) {
  const CyclicDistribution& d = g.dist;
  int64_t victim = INT64_MAX;
  for (int64_t i = 0; i < d.nlocal(); ++i)
    if (parent[i] >= 0 && d.global(i) != root) {
      victim = d.global(i);
      break;
    }
  MPI_Allreduce(MPI_IN_PLACE, &victim, 1, MPI_INT64_T, MPI_MIN, MPI_COMM_WORLD);
  if (victim == INT64_MAX) return -1;
  if (d.owner(victim) == d.rank) parent[d.local(victim)] = victim;
  return victim;
}

Outcome run_benchmark(const Config& cfg, const vcb::mpi::World& w) {
  Outcome out;
  // Generation: each rank its block of tuple positions (untimed, reported for information).
  MPI_Barrier(MPI_COMM_WORLD);
  double t0 = wall();
  const KroneckerGenerator gen(cfg.spec);
  const EdgeRange range = edge_range(cfg.spec.nedges(), w.rank, w.size);
  const std::vector<Edge> tuples = gen.slice(range.begin, range.end);
  out.generation_s = vcb::mpi::max_all(wall() - t0);

  uint64_t digest = 0;
  int64_t self_loops = 0;
  for (uint64_t p = range.begin; p < range.end; ++p) {
    const Edge& e = tuples[p - range.begin];
    digest += tuple_digest(p, e);
    self_loops += e.u == e.v;
  }
  MPI_Allreduce(&digest, &out.digest, 1, MPI_UINT64_T, MPI_SUM, MPI_COMM_WORLD);
  MPI_Allreduce(&self_loops, &out.self_loops, 1, MPI_INT64_T, MPI_SUM, MPI_COMM_WORLD);

  // Kernel 1.
  MPI_Barrier(MPI_COMM_WORLD);
  t0 = wall();
  const CsrGraph g = build_csr(tuples, w.rank, w.size);
  out.construction_s = vcb::mpi::max_all(wall() - t0);
  out.nvertices = g.dist.nglobal;

  const std::vector<int64_t> roots =
      choose_search_keys(g, cfg.spec.scale, CounterRng(kBenchmarkSeed).split(kSearchKeys), cfg.roots);
  if (roots.empty()) return out;

  // Kernel 2, after one untimed warm-up search as the reference driver does.
  Bfs bfs(g);
  std::vector<int64_t> parent(g.dist.nlocal(), -1);
  bfs.run(roots[0], parent);
  for (size_t s = 0; s < roots.size(); ++s) {
    Search r;
    r.root = roots[s];
    std::fill(parent.begin(), parent.end(), -1);
    MPI_Barrier(MPI_COMM_WORLD);
    t0 = wall();
    r.levels = bfs.run(r.root, parent);
    r.seconds = vcb::mpi::max_all(wall() - t0);
    if (cfg.break_tree && s == 0) out.broken_vertex = break_one_parent(g, r.root, parent);
    r.check = validate_tree(g, tuples, r.root, parent);
    if (w.root())
      std::printf("bfs %zu: root %" PRId64 " levels %d time %.6f s nedge %.1f TEPS %.6g %s\n", s, r.root, r.levels,
                  r.seconds, r.check.nedge(), r.check.nedge() / r.seconds, r.check.ok() ? "valid" : "INVALID");
    out.searches.push_back(r);
  }
  return out;
}

nlohmann::json stats_json(const Summary& s) {
  return {{"min", s.min},   {"firstquartile", s.firstquartile}, {"median", s.median}, {"thirdquartile", s.thirdquartile},
          {"max", s.max},   {"mean", s.mean},                   {"stddev", s.stddev}};
}

void print_stats(const char* what, const Summary& s, bool with_std = true) {
  std::printf("bfs_min_%s: %.9g\nbfs_firstquartile_%s: %.9g\nbfs_median_%s: %.9g\n", what, s.min, what,
              s.firstquartile, what, s.median);
  std::printf("bfs_thirdquartile_%s: %.9g\nbfs_max_%s: %.9g\n", what, s.thirdquartile, what, s.max);
  if (with_std) std::printf("bfs_mean_%s: %.9g\nbfs_stddev_%s: %.9g\n", what, s.mean, what, s.stddev);
}

std::string hex(uint64_t x) {
  char buf[24];
  std::snprintf(buf, sizeof buf, "%016" PRIx64, x);
  return buf;
}

}  // namespace

int main(int argc, char** argv) {
  auto w = vcb::mpi::init(&argc, &argv);
  vcb::Kernel k("graph500", argc, argv);
  const long long scale = k.param_int("scale", 10);
  const long long edgefactor = k.param_int("edgefactor", 16);
  const long long nroots = k.param_int("roots", 64);
  const std::string broken = k.option("break-tree", "0");
  vcb::mpi::check_ranks(k, w);
  k.begin();
  if (scale < 1 || scale > 42)
    k.usage_error("--scale must be 1..42 (log2 of the vertex count), got " + std::to_string(scale));
  if (edgefactor < 1 || edgefactor > 1024)
    k.usage_error("--edgefactor must be 1..1024 (edges per vertex), got " + std::to_string(edgefactor));
  if (nroots < 1) k.usage_error("--roots must be >= 1 (number of BFS searches), got " + std::to_string(nroots));
  if (broken != "0" && broken != "1") k.usage_error("--break-tree wants 0 or 1, got '" + broken + "'");

  Config cfg;
  cfg.spec.scale = static_cast<int>(scale);
  cfg.spec.edgefactor = edgefactor;
  cfg.roots = nroots;
  cfg.break_tree = broken == "1";
  const Outcome o = run_benchmark(cfg, w);

  bool valid = !o.searches.empty();
  for (const Search& s : o.searches) valid = valid && s.check.ok();
  const bool passed = vcb::mpi::all_true(valid);
  if (!w.root()) return vcb::mpi::finish(k, w, passed);

  if (o.searches.empty()) {
    k.emit_failure("no vertex with degree >= 1 (self-loops excluded) to search from");
    return vcb::mpi::finish(k, w, false);
  }
  std::vector<double> times, nedges, teps;
  std::vector<int64_t> roots, levels, reached;
  double total = 0;
  int failed = 0;
  std::string first_failure;
  for (size_t i = 0; i < o.searches.size(); ++i) {
    const Search& s = o.searches[i];
    times.push_back(s.seconds);
    nedges.push_back(s.check.nedge());
    teps.push_back(s.check.nedge() / s.seconds);
    roots.push_back(s.root);
    levels.push_back(s.levels);
    reached.push_back(s.check.reached);
    total += s.seconds;
    if (!s.check.ok() && failed++ == 0)
      first_failure = "search " + std::to_string(i) + " (root " + std::to_string(s.root) + "): " + s.check.describe();
  }
  const Summary ts = summarize(times), ns = summarize(nedges), ps = summarize(teps);
  const HarmonicTeps h = harmonic_teps(times, nedges);
  const size_t n = o.searches.size();
  const std::string validation =
      passed ? std::to_string(n) + "/" + std::to_string(n) +
                   " BFS trees valid by the 5 Graph500 rules (rooted tree, tree edges one level apart, input edges "
                   "<= 1 level apart, component spanned, tree edges are input edges); nedge " +
                   std::to_string(static_cast<long long>(ns.min)) + ".." +
                   std::to_string(static_cast<long long>(ns.max))
             : std::to_string(failed) + " of " + std::to_string(n) + " BFS trees invalid; first: " + first_failure;

  std::printf("SCALE: %lld\nedgefactor: %lld\nNBFS: %zu\nnum_mpi_processes: %d\n", scale, edgefactor, n, w.size);
  std::printf("graph_generation: %.9g\nedge_list_digest: %s\nnvertices: %" PRId64 "\nself_loops: %" PRId64 "\n",
              o.generation_s, hex(o.digest).c_str(), o.nvertices, o.self_loops);
  std::printf("construction_time: %.9g\n", o.construction_s);
  print_stats("time", ts);
  print_stats("nedge", ns);
  print_stats("TEPS", ps, false);
  std::printf("bfs_harmonic_mean_TEPS: %.9g\nbfs_harmonic_stddev_TEPS: %.9g\n", h.mean, h.stddev);
  std::printf("validation: %s\n", validation.c_str());
  std::fflush(stdout);

  const nlohmann::json detail = {
      {"teps_edge_count", kTepsConvention},
      {"harmonic_stddev_teps", h.stddev},
      {"scale", scale},
      {"edgefactor", edgefactor},
      {"nedge_tuples", cfg.spec.nedges()},
      {"self_loops", o.self_loops},
      {"nvertices_found", o.nvertices},
      {"edge_list_digest", hex(o.digest)},
      {"distribution", "cyclic: owner = vertex mod ranks"},
      {"graph_generation_s", o.generation_s},
      {"construction_time_s", o.construction_s},
      {"bfs_total_s", total},
      {"roots", roots},
      {"nedge", nedges},
      {"teps", teps},
      {"bfs_times_s", times},
      {"levels", levels},
      {"reached", reached},
      {"time_stats", stats_json(ts)},
      {"nedge_stats", stats_json(ns)},
      {"teps_stats", stats_json(ps)},
      {"searches_failed", failed},
      {"break_tree_vertex", o.broken_vertex}};
  vcb::Series bfs_series;
  bfs_series.iterations = static_cast<int64_t>(n);
  bfs_series.calibrated_here = k.plan().calibrate;
  bfs_series.seconds = {total};
  k.emit({.metric = "harmonic_mean_teps", .unit = "TEPS", .better = vcb::Better::higher, .series = bfs_series,
          .values = {h.mean}, .detail = detail, .passed = passed, .validation = validation});
  k.emit({.metric = "construction_time", .unit = "s", .better = vcb::Better::lower,
          .series = vcb::mpi::single_run(k.plan(), o.construction_s), .values = {o.construction_s},
          .detail = {{"scale", scale}, {"edgefactor", edgefactor}, {"nedge_tuples", cfg.spec.nedges()},
                     {"nvertices_found", o.nvertices}, {"edge_list_digest", hex(o.digest)},
                     {"graph_generation_s", o.generation_s}},
          .passed = passed, .validation = validation});
  return vcb::mpi::finish(k, w, passed);
}
