#include "migration_run.h"

#include <unistd.h>

#include <memory>

#include "guest_side.h"
#include "kvm/kvm_host.h"
#include "migration_checks.h"
#include "netns.h"
#include "sampler.h"
#include "timeline.h"
#include "vcb/timer.h"

namespace vcb::migrate {
namespace {

constexpr double settle_s = 1.5;  // sampled before the migration (the reference rate) and after it

MigrationOutcome failed(const std::string& why, nlohmann::json detail = nlohmann::json::object()) {
  MigrationOutcome o;
  o.failure = why;
  o.detail = std::move(detail);
  return o;
}

// Both sides get the capabilities; the source the parameters; the destination listens on the URI.
std::string set_up(Side& src, Side& dst, const MigrateOptions& o, const std::string& uri) {
  const bool postcopy = o.mode == "postcopy";
  for (Side* s : {&dst, &src}) {
    const auto r = s->qmp.execute("migrate-set-capabilities", capabilities_arguments(postcopy, s == &dst));
    if (!r.ok) return "QEMU (" + s->name + ") refused the capabilities: " + r.error;
  }
  if (auto r = src.qmp.execute("migrate-set-parameters", parameters_arguments(o.max_bandwidth_mb_s, o.downtime_limit_ms));
      !r.ok)
    return "QEMU refused the parameters: " + r.error;
  if (auto r = dst.qmp.execute("migrate-incoming", {{"uri", uri}}); !r.ok) return "migrate-incoming: " + r.error;
  if (auto r = src.qmp.execute("migrate", {{"uri", uri}}); !r.ok) return "migrate: " + r.error;
  return "";
}

// Cancels a migration that did not finish in time and waits for QEMU to say so.
std::string cancel(Side& src) {
  src.qmp.execute("migrate_cancel");
  const int64_t deadline = now_ns() + 5000000000LL;
  std::string status;
  while (now_ns() < deadline) {
    status = parse_query_migrate(src.qmp.execute("query-migrate").value).status;
    if (is_final(status)) break;
    usleep(100000);
  }
  return status;
}

struct Watched {
  MigrationFigures f;  // QEMU's last answer, with the latest dirty-rate estimate
  double start = 0, end = 0, expected_downtime = -1, postcopy_start = -1;
  bool postcopy_started = false, postcopy_entered = false;
  std::string failure;  // set when it did not complete
  nlohmann::json failure_detail = nlohmann::json::object();
};

// Polls query-migrate every sampling period until QEMU ends the migration, the timeout passes (then
// it is cancelled) or a signal comes; samples the workload on whichever side runs it; asks for
// post-copy once the first pass is done.
Watched watch(Side& src, Side& dst, const MigrateOptions& o, Sampler& sampler) {
  Watched w;
  w.start = Sampler::now_s();
  double dirty_rate = 0;
  bool destination_running = false;
  MigrationFigures& f = w.f;
  for (;;) {
    const auto reply = src.qmp.execute("query-migrate");
    if (reply.ok) f = parse_query_migrate(reply.value);
    if (f.expected_downtime_ms >= 0) w.expected_downtime = f.expected_downtime_ms;  // only while active
    // QEMU estimates the dirty rate once per sync period of at least a second and a completed
    // answer may carry 0 for a short migration: the latest estimate made is the figure.
    if (f.dirty_pages_rate > 0) dirty_rate = f.dirty_pages_rate;
    f.dirty_pages_rate = dirty_rate;
    w.postcopy_entered = w.postcopy_entered || f.status == "postcopy-active";
    // Post-copy begins once the first pass over memory is done: dirty-sync-count counts passes.
    if (o.mode == "postcopy" && !w.postcopy_started && f.status == "active" && f.rounds >= 2) {
      const auto r = src.qmp.execute("migrate-start-postcopy");
      if (!r.ok) {
        w.failure = "migrate-start-postcopy: " + r.error;
        w.failure_detail = failure_figures(f);
        return w;
      }
      w.postcopy_started = true;
      w.postcopy_start = sampler.relative(Sampler::now_s());
    }
    // The destination's memory is the guest's only once it runs: in the switch to post-copy it still
    // holds pages from an earlier pass that are about to be discarded.
    if (!runs_on_destination(f.status)) sampler.sample(src.qmp);
    else if (destination_running || (destination_running = is_running(dst.qmp))) sampler.sample(dst.qmp);
    if (is_final(f.status) || interrupted()) break;
    if (Sampler::now_s() - w.start > o.timeout_s) {
      w.failure_detail = failure_figures(f);
      w.failure_detail["status_after_cancel"] = cancel(src);
      w.failure = "the migration did not complete within " + std::to_string(static_cast<int>(o.timeout_s)) +
                  " s (QEMU status " + f.status + " after " + std::to_string(f.rounds) + " pass(es), " +
                  std::to_string(static_cast<long>(f.remaining_mb)) + " MB remaining, dirty rate " +
                  (dirty_rate > 0 ? std::to_string(static_cast<long>(dirty_rate)) + " pages/s"
                                  : std::string("not yet estimated by QEMU")) + "); cancelled";
      return w;
    }
    sampler.pause_until_next();
  }
  w.end = Sampler::now_s();
  if (interrupted()) w.failure = "interrupted";
  else if (f.status != "completed") {
    w.failure = "QEMU ended the migration as " + f.status + (f.error_desc.empty() ? "" : ": " + f.error_desc);
    w.failure_detail = failure_figures(f);
  }
  return w;
}

}  // namespace

MigrationOutcome migrate_once(const MigrateOptions& o, const HostFacts& host, const std::string& initrd,
                              const std::string& dir) {
  const int pid = getpid();
  std::string error;
  // Declared before the guests, so it is destroyed after them: the namespaces go once the QEMUs in
  // them are dead.
  std::unique_ptr<NetnsPair> net;
  if (o.transport == "tcp-netns") {
    net = std::make_unique<NetnsPair>(pid);
    if (!net->create(error)) return failed("the two network namespaces could not be made: " + error);
  }
  Side src{"src"}, dst{"dst"};
  src.spec = guest_spec(o, host, dir, "src", initrd, pid);
  dst.spec = guest_spec(o, host, dir, "dst", initrd, pid);
  const PinPlan pins = guest_pinning(o, host);
  const NetnsPlan plan = netns_plan(pid);
  const std::string src_ns = net ? plan.source_ns : "", dst_ns = net ? plan.destination_ns : "";
  if (!launch(src, qemu_command(src.spec), src_ns, dir, pins, error) ||
      !launch(dst, destination_command(dst.spec), dst_ns, dir, pins, error))
    return failed(error);
  if (!src.guest.wait_ready(src.spec.agent_socket, host.accel == "kvm" ? 60 : 180, error))
    return failed("the source guest did not boot: " + error + " (console: " + src.spec.console_log + ")");
  const auto started = src.guest.run({workload_program, "dirty", "--mb-s", std::to_string(o.dirty_mb_s),
                                      "--working-set-mb", std::to_string(working_set_mb(o)), "--daemon"}, 120);
  uint64_t address = 0, before = 0;
  if (started.exit_code != 0)
    return failed("the workload did not start in the guest (exit " + std::to_string(started.exit_code) + "): " +
                  started.err_tail + started.error);
  if (!read_workload_files(src.guest, address, before))
    return failed("the workload's counter and its physical address are unreadable in the guest");

  Sampler sampler(address);
  sampler.sample_for(src.qmp, settle_s);
  read_workload_files(src.guest, address, before);
  if (const std::string refused = set_up(src, dst, o, migration_uri(o, dir, plan)); !refused.empty())
    return failed(refused, {{"stage", "setup"}});
  const Watched w = watch(src, dst, o, sampler);
  if (!w.failure.empty()) return failed(w.failure, w.failure_detail);
  const MigrationFigures& f = w.f;
  sampler.sample_for(dst.qmp, settle_s);
  const auto destination = dst.qmp.execute("query-migrate");
  const Checks checks = verify(src, dst);

  MigrationOutcome out;
  out.figures = f;
  out.wall_s = w.end - w.start;
  const Progress progress = summarize(sampler.samples(), sampler.relative(w.start));
  out.workload_pause_ms = progress.longest_pause_ms;
  out.failure = check_failures(checks, before);
  out.ok = out.failure.empty();
  out.detail = checks_json(checks, before);
  if (!out.ok) {  // QEMU's own words, or the guest's (-no-reboot: a panic ends QEMU)
    out.detail["destination_log_tail"] = log_tail(dir + "/qemu-dst.log");
    out.detail["destination_console_tail"] = log_tail(dst.spec.console_log);
    out.failure += " (" + out.detail["destination_log_tail"].get<std::string>() + "; console: " +
                   out.detail["destination_console_tail"].get<std::string>() + ")";
  }
  out.detail["expected_downtime"] = w.expected_downtime < 0 ? nlohmann::json(nullptr) : nlohmann::json(w.expected_downtime);
  out.detail["timeline"] = timeline_json(sampler.samples(), progress, sampler.relative(w.start), sampler.relative(w.end));
  if (o.mode == "postcopy") {
    // QEMU switches only while what is left exceeds what fits in the downtime limit; otherwise it
    // completes in pre-copy even though post-copy was asked for, and the record says so.
    out.detail["postcopy"] = {{"requested", w.postcopy_started}, {"entered", w.postcopy_entered},
                              {"requests", f.postcopy_requests}, {"postcopy_mb", f.postcopy_mb}};
    if (destination.ok) out.detail["postcopy"]["blocktime_ms"] = destination.value.value("postcopy-blocktime", nlohmann::json());
    if (w.postcopy_started) out.detail["timeline"]["postcopy_start_s"] = w.postcopy_start;
  }
  out.detail["destination_query_migrate"] = destination.ok ? destination.value : nlohmann::json(destination.error);
  out.detail["binding"] = {{"source", src.binding}, {"destination", dst.binding}};
  return out;
}

}  // namespace vcb::migrate
