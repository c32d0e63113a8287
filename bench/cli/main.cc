// vcbench: a thin dispatcher. Each subcommand lives in its own folder of bench/.
#include <CLI/CLI.hpp>
#include <cstdio>
#include <sstream>

#include "appliance_command.h"
#include "cli/list.h"
#include "doctor/doctor.h"
#include "features/features.h"
#include "plot/plot.h"
#include "report/report.h"
#include "run/runner.h"

namespace {

constexpr const char* footer =
    "Examples:\n"
    "  vcbench doctor\n"
    "  vcbench run --suite micro --quick\n"
    "  vcbench report results/runs/<run-id>\n"
    "  vcbench plot results/runs/<run-id>\n"
    "Exit codes: 0 success, 1 some benchmark failed (failure records written), 2 bad input.";

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"vcbench: what does a container or a virtual machine cost your HPC workload?"};
  app.footer(footer);
  app.require_subcommand(1);

  bool doctor_json = false;
  auto* doctor = app.add_subcommand("doctor", "what this host offers and what is missing, with the fix");
  doctor->add_flag("--json", doctor_json, "machine-readable output");

  std::string list_what;
  auto* list = app.add_subcommand("list", "list suites, benchmarks or environments");
  list->add_option("what", list_what, "suites | benchmarks | envs")->check(CLI::IsMember({"suites", "benchmarks", "envs"}));

  vcb::RunOptions run_options;
  auto* run = app.add_subcommand("run", "run a suite in one or more environments");
  run->add_option("--suite", run_options.suites, "suite NAME or FILE.toml, repeatable (see: vcbench list suites)");
  run->add_option("--env", run_options.envs, "environment(s), first is the baseline (default: native)");
  run->add_option("--reps", run_options.reps, "repetitions per environment (default: the suite's, 5 unless it says)")->check(CLI::PositiveNumber);
  run->add_flag("--quick", run_options.quick, "short intervals and a small grid: the whole micro suite in minutes");
  run->add_option("--out", run_options.out, "results folder (default results/runs/<run-id>)");
  run->add_option("--resume", run_options.resume, "finish an interrupted run in this folder");
  run->add_option("--threads", run_options.threads, "thread counts for threaded benchmarks, e.g. 1,2,4,8 "
                  "(default: the suite's; \"sweep\" in a suite = 1, 2, 4, ... up to the cores here)")
      ->delimiter(',');
  std::string mpirun_args;
  run->add_option("--nodes", run_options.mpi.hostfile, "MPI suites: hostfile of the nodes ('host slots=N' lines)");
  run->add_option("--ranks-per-node", run_options.mpi.ranks_per_node, "MPI suites: ranks on each node")
      ->check(CLI::PositiveNumber);
  run->add_option("--nodes-sweep", run_options.mpi.nodes_sweep, "MPI suites: node counts to run, e.g. 1,2,4")
      ->delimiter(',');
  run->add_option("--scheduler", run_options.mpi.scheduler, "MPI suites: 'slurm' submits each run with sbatch")
      ->check(CLI::IsMember({"slurm", "mpirun"}));
  run->add_option("--mpirun-args", mpirun_args, "MPI suites: extra mpirun words, e.g. \"--mca btl tcp,self\"");
  run->add_option("--benchmark", run_options.benchmarks, "only this benchmark of the suites, repeatable "
                  "(e.g. --suite micro --benchmark lat_syscall)")->delimiter(',');
  run->add_flag("--require-kvm", run_options.vm.require_kvm,
                "kvm/*: fail unless KVM really works (default: fall back to TCG, labelled accel: tcg)");
  run->add_option("--pci", run_options.vm.pci, "kvm/tuned: pass this PCI device (0000:81:00.0) through with vfio-pci; "
                  "repeatable")->delimiter(',');
  run->add_flag("--dry-run", run_options.dry_run,
                "print the measurements and each environment's exact commands (QEMU command line, pinning plan); run nothing");
  run->footer("Examples:\n  vcbench run --suite micro --suite startup --env native --env docker --quick\n"
              "  vcbench run --suite npb --nodes hosts.txt --ranks-per-node 2 --nodes-sweep 1,2,4 --env native --env docker");

  std::string report_dir, baseline, format = "table";
  auto* report = app.add_subcommand("report", "medians, intervals and overhead verdicts of a run");
  report->add_option("dir", report_dir, "results folder")->required();
  report->add_option("--baseline", baseline, "environment to compare against (default: the run's first)");
  report->add_option("--format", format, "table | csv | json | markdown")
      ->check(CLI::IsMember({"table", "csv", "json", "markdown"}));

  std::string plot_dir, plot_out;
  auto* plot = app.add_subcommand("plot", "PNG and SVG plots of a run");
  plot->add_option("dir", plot_dir, "results folder")->required();
  plot->add_option("--out", plot_out, "where to write the plots (default DIR/plots)");

  std::string appliance_out;
  auto* appliance = app.add_subcommand("appliance", "the one root file system every environment runs");
  auto* appliance_build = appliance->add_subcommand("build", "build the appliance of the current build (rootfs, tarball, digest)");
  appliance_build->add_option("--out", appliance_out, "where to put it (default build/appliance)");
  std::string image_engine;
  auto* appliance_image = appliance->add_subcommand("image", "build the appliance and import it as a container image");
  appliance_image->add_option("--engine", image_engine, "docker | podman")->required()
      ->check(CLI::IsMember({"docker", "podman"}));
  appliance_image->add_option("--out", appliance_out, "where the appliance is built (default build/appliance)");
  appliance->require_subcommand(1);

  vcb::FeaturesOptions features_options;
  bool features_json = false, features_markdown = false;
  auto* features = app.add_subcommand("features", "one row per environment: guest OS, startup, isolation, "
                                      "checkpoint/restore, live migration, snapshot, probed on this host");
  features->add_flag("--json", features_json, "print the table as JSON");
  features->add_flag("--markdown", features_markdown, "print the table as Markdown");
  features->add_option("--format", features_options.format, "table | markdown | json | csv")
      ->check(CLI::IsMember({"table", "markdown", "json", "csv"}));
  features->add_option("--env", features_options.envs, "only these environments (default: every known one)");
  features->add_flag("--no-vm", features_options.no_vm, "leave out kvm/* (each boots a guest)");
  features->add_option("--results", features_options.results_dir, "where earlier runs are (default results/runs)");
  features->add_option("--out", features_options.out_dir, "where the JSON goes (default results/features)");

  const auto is_command = [&](const std::string& word) {
    for (const auto* sub : app.get_subcommands({})) if (sub->get_name() == word) return true;
    return false;
  };
  if (argc > 1 && argv[1][0] != '-' && !is_command(argv[1])) {
    std::fprintf(stderr, "vcbench: unknown command '%s'; commands: doctor, list, run, report, plot, appliance, features (see: vcbench --help)\n",
                 argv[1]);
    return 2;
  }
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    std::fprintf(stderr, "vcbench: %s (see: vcbench --help)\n", e.what());
    return 2;
  }

  if (doctor->parsed()) return vcb::doctor_command(doctor_json);
  if (list->parsed()) return vcb::list_command(list_what);
  if (run->parsed()) {
    if (run_options.suites.empty() == run_options.resume.empty()) {
      std::fprintf(stderr, "vcbench: give --suite NAME to start a run or --resume DIR to finish one\n");
      return 2;
    }
    std::istringstream words(mpirun_args);
    for (std::string w; words >> w;) run_options.mpi.mpirun_args.push_back(w);
    if (run_options.mpi.scheduler == "mpirun") run_options.mpi.scheduler.clear();
    return vcb::run_command(run_options);
  }
  if (report->parsed()) return vcb::report_command(report_dir, baseline, format);
  if (plot->parsed()) return vcb::plot_command(plot_dir, plot_out);
  if (features->parsed()) {
    if (features_json) features_options.format = "json";
    if (features_markdown) features_options.format = "markdown";
    return vcb::features_command(features_options);
  }
  if (appliance_build->parsed()) return vcb::appliance::appliance_build_command(appliance_out);
  if (appliance_image->parsed()) return vcb::appliance::appliance_image_command(image_engine, appliance_out);
  return 2;
}
