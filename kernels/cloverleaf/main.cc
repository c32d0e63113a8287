// vcb-cloverleaf: a CloverLeaf-like 2D Lagrangian-Eulerian hydrodynamics proxy (ideal gas,
// staggered grid, second-order remap) that runs CloverLeaf's own clover.in decks, prints the
// reference's field summary table and reports cell-updates per second and grind time.
//   vcb-cloverleaf --in DECK | --deck NAME [--threads N]      (under mpirun for MPI ranks)
// A proxy runs its deck once per process: the record's one interval is the hydro loop's wall time
// (including the final field summary, as the reference's "Wall clock").
#include <omp.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>

#include "check.h"
#include "comm.h"
#include "hydro.h"
#include "profile.h"
#include "vcb/kernel.h"

#ifndef VCB_CLOVER_DECKS
#define VCB_CLOVER_DECKS "decks"
#endif

namespace {

[[noreturn]] void deck_error(const std::string& message) {
  if (clover::comm::rank() == 0) std::fprintf(stderr, "vcb-cloverleaf: %s\n", message.c_str());
  clover::comm::finalize();
  std::exit(2);
}

clover::Deck load_deck(const std::string& path) {
  std::ifstream in(path);
  if (!in) deck_error(path + ": cannot read the deck");
  std::stringstream text;
  text << in.rdbuf();
  const clover::DeckResult r = clover::parse_deck(text.str());
  if (r.error) deck_error(path + ": " + clover::describe(*r.error));
  return r.deck;
}

void print_summary(const clover::Summary& s) {
  const auto& f = s.sums;
  std::printf(" Time %.16E\n", s.time);
  std::printf("               %24s%24s%24s%24s%24s%24s%24s\n", "Volume", "Mass", "Density", "Pressure",
              "Internal Energy", "Kinetic Energy", "Total Energy");
  std::printf(" step: %7d %23.16E %23.16E %23.16E %23.16E %23.16E %23.16E %23.16E\n", s.step, f.vol, f.mass,
              f.mass / f.vol, f.press / f.vol, f.ie, f.ke, f.ie + f.ke);
  std::fflush(stdout);
}

nlohmann::json summary_json(const clover::Summary& s) {
  const auto& f = s.sums;
  return {{"step", s.step}, {"time", s.time}, {"volume", f.vol}, {"mass", f.mass}, {"pressure", f.press / f.vol},
          {"internal_energy", f.ie}, {"kinetic_energy", f.ke}, {"total_energy", f.ie + f.ke}};
}

}  // namespace

int main(int argc, char** argv) {
  clover::comm::init(&argc, &argv);
  vcb::Kernel k("cloverleaf", argc, argv);
  const std::string in = k.option("in", "");
  const std::string deck_name = k.param("deck", in.empty() ? "clover_default" : in);
  const long long threads = k.param_int("threads", 1);
  const double perturb = std::atof(k.option("perturb-dt", "1").c_str());
  if (k.option("profile", "no") != "no") clover::profile::enable();  // --profile 1: per-kernel times on stderr
  k.begin();
  if (threads < 1) k.usage_error("--threads must be >= 1");
  if (!(perturb > 0.0)) k.usage_error("--perturb-dt must be > 0");
  const std::string path = in.empty() ? std::string(VCB_CLOVER_DECKS) + "/" + deck_name + ".in" : in;
  const clover::Deck deck = load_deck(path);
  omp_set_num_threads(static_cast<int>(threads));

  const int rank = clover::comm::rank(), ranks = clover::comm::size();
  const auto dec = clover::decompose(deck.x_cells, deck.y_cells, ranks);
  if (dec.chunks_x > deck.x_cells || dec.chunks_y > deck.y_cells) deck_error(path + ": more ranks than cells");
  clover::Chunk chunk(clover::chunk_cells_x(dec, deck.x_cells, rank % dec.chunks_x),
                      clover::chunk_cells_y(dec, deck.y_cells, rank / dec.chunks_x));
  clover::place_chunk(dec, deck.x_cells, deck.y_cells, rank, chunk);
  clover::generate_chunk(chunk, deck);

  clover::comm::barrier();
  const auto t0 = std::chrono::steady_clock::now();
  const clover::RunResult run = clover::run_hydro(chunk, deck, {perturb}, [&](const clover::Summary& s) {
    if (rank == 0) print_summary(s);
  });
  const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  const clover::Verdict v = clover::check_run(deck, run);
  const bool passed = clover::comm::all_true(v.passed);
  if (rank != 0) {
    clover::comm::finalize();
    return passed ? 0 : 1;
  }
  std::printf(" %s\n", v.detail.c_str());
  if (clover::profile::enabled()) std::fputs(clover::profile::report().c_str(), stderr);

  const double updates = static_cast<double>(deck.x_cells) * deck.y_cells * run.steps;
  vcb::Series s;
  s.iterations = 1;
  s.calibrated_here = k.plan().calibrate;
  s.seconds = {wall};
  nlohmann::json detail = {{"steps", run.steps}, {"cells", deck.x_cells * deck.y_cells}, {"wall_s", wall},
                           {"deck_path", path}, {"test_problem", deck.test_problem},
                           {"chunks", {dec.chunks_x, dec.chunks_y}}, {"final", summary_json(run.summaries.back())}};
  if (v.qa_diff_percent >= 0.0) detail["qa_diff_percent"] = v.qa_diff_percent;
  if (perturb != 1.0) detail["perturb_dt"] = perturb;
  const nlohmann::json params = {{"ranks", ranks}};
  k.emit({.params = params, .metric = "cell_updates_per_s", .unit = "cell-updates/s", .better = vcb::Better::higher,
          .series = s, .values = {updates / wall}, .detail = detail, .passed = passed, .validation = v.detail});
  k.emit({.params = params, .metric = "grind_time", .unit = "us", .better = vcb::Better::lower, .series = s,
          .values = {wall * 1e6 / updates}, .detail = detail, .passed = passed, .validation = v.detail});
  clover::comm::finalize();
  return k.finish();
}
