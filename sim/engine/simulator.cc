#include "engine/simulator.h"

#include <algorithm>
#include <optional>

#include "engine/cluster.h"
#include "engine/easy.h"
#include "engine/event_queue.h"
#include "engine/leases.h"
#include "metrics/usage.h"

namespace vcb::sim {
namespace {

std::vector<int64_t> pools_of(const Policy& p) {
  if (p.partitioned()) return {p.batch_partition(), p.nodes - p.batch_partition()};
  return {p.nodes};
}

class Simulator {
 public:
  Simulator(const Policy& p, JobSource& batch, JobSource& od, const Observer& observe)
      : policy_(p),
        batch_src_(batch),
        od_src_(od),
        observe_(observe),
        cluster_(pools_of(p)),
        usage_(p.nodes),
        od_pool_(p.partitioned() ? 1 : 0),
        reserve_(p.kind == PolicyKind::dynamic ? p.reserve : 0) {}

  Result<Outcome> run();

 private:
  static Result<bool> pull(JobSource& source, std::optional<Job>& slot);
  std::optional<int64_t> next_time() const;
  void finish_events(int64_t now);
  Result<bool> admit(int64_t now);
  void admit_batch(const Job& job);
  void admit_lease(const Job& job, int64_t now);
  void schedule(int64_t now);
  void batch_pass(int64_t now);
  bool place_lease(const Lease& lease, int64_t now);
  void end_run(int64_t token, int64_t now);
  void preempt(int64_t token, int64_t now);
  Outcome outcome() const;
  void note(ScheduleEvent::Kind kind, JobClass cls, const Job& job, int64_t now) const {
    if (observe_) observe_({kind, cls, job.id, now, job.size});
  }

  Policy policy_;
  JobSource& batch_src_;
  JobSource& od_src_;
  const Observer& observe_;
  std::optional<Job> next_batch_, next_lease_;
  Cluster cluster_;
  EventQueue events_;
  BatchQueue queue_;
  LeaseQueue leases_;
  Usage usage_;
  BatchStats batch_;
  OdStats od_;
  const int batch_pool_ = 0;
  const int od_pool_;
  const int64_t reserve_;
  int64_t batch_seq_ = 0, lease_seq_ = 0, events_done_ = 0;
  bool full_pass_ = true;  // since the last batch pass, something changed the reservation
  int64_t new_from_ = 0;   // first batch sequence number not yet seen by a pass
};

Result<bool> Simulator::pull(JobSource& source, std::optional<Job>& slot) {
  auto job = source.next();
  if (!job) return job.error();
  slot = *job;
  return true;
}

std::optional<int64_t> Simulator::next_time() const {
  std::optional<int64_t> t;
  const auto consider = [&t](int64_t v) { t = t ? std::min(*t, v) : v; };
  if (!events_.empty()) consider(events_.next_time());
  if (next_batch_) consider(next_batch_->submit);
  if (next_lease_) consider(next_lease_->submit);
  return t;
}

void Simulator::finish_events(int64_t now) {
  while (!events_.empty() && events_.next_time() == now) {
    const Event e = events_.pop();
    ++events_done_;
    // A preempted run's end event finds no run: the token is never reused.
    if (e.kind == EventKind::job_end && cluster_.find(e.token)) end_run(e.token, now);
  }
}

void Simulator::end_run(int64_t token, int64_t now) {
  const Running r = cluster_.remove(token);
  full_pass_ = true;
  note(ScheduleEvent::Kind::end, r.cls, r.job, now);
  if (r.cls == JobClass::batch)
    batch_.finished(r.job.submit, r.start, now, r.job.size);
  else
    od_.node_seconds += r.job.size * (now - r.start);
}

Result<bool> Simulator::admit(int64_t now) {
  while (next_batch_ && next_batch_->submit == now) {
    ++events_done_;
    admit_batch(*next_batch_);
    if (auto ok = pull(batch_src_, next_batch_); !ok) return ok;
  }
  while (next_lease_ && next_lease_->submit == now) {
    ++events_done_;
    admit_lease(*next_lease_, now);
    if (auto ok = pull(od_src_, next_lease_); !ok) return ok;
  }
  return true;
}

void Simulator::admit_batch(const Job& job) {
  // A job larger than batch work may ever hold would block the queue forever: it is left out
  // and counted (the records say how many).
  if (job.size > cluster_.capacity(batch_pool_) - reserve_) {
    ++batch_.dropped;
    return;
  }
  batch_.arrived(job.submit);
  queue_.emplace(batch_seq_++, job);
  batch_.max_queue = std::max(batch_.max_queue, static_cast<int64_t>(queue_.size()));
}

void Simulator::admit_lease(const Job& job, int64_t now) {
  ++od_.requests;
  if (job.size > cluster_.capacity(od_pool_)) {
    ++od_.rejected;
    ++od_.too_large;
    note(ScheduleEvent::Kind::reject, JobClass::od, job, now);
    return;
  }
  leases_.add({job, lease_seq_++, now + policy_.wait_s});
  if (!policy_.partitioned()) full_pass_ = true;  // nodes held for it move the head's reservation
  events_.push(now + policy_.wait_s, EventKind::lease_timeout, lease_seq_ - 1);
}

// Leases first: under every shared policy, freed nodes go to waiting requests before batch work.
void Simulator::schedule(int64_t now) {
  leases_.serve([&](const Lease& l) { return place_lease(l, now); });
  batch_pass(now);
  const auto expired = leases_.expire(now);
  od_.rejected += static_cast<int64_t>(expired.size());
  for (const Lease& l : expired) note(ScheduleEvent::Kind::reject, JobClass::od, l.job, now);
  if (!expired.empty()) {  // nodes held for them are batch's again
    full_pass_ = true;
    batch_pass(now);
  }
}

void Simulator::batch_pass(int64_t now) {
  if (queue_.empty()) {
    new_from_ = batch_seq_;
    return;
  }
  int64_t avail = cluster_.free(batch_pool_);
  if (!policy_.partitioned()) avail -= reserve_ + leases_.demand();
  const auto start = [&](int64_t seq, const Job& job) {
    const int64_t token = cluster_.start(job, JobClass::batch, batch_pool_, now, seq);
    events_.push(now + job.runtime, EventKind::job_end, token);
    note(ScheduleEvent::Kind::start, JobClass::batch, job, now);
  };
  easy_pass(queue_, avail, now, cluster_, batch_pool_, start, policy_.backfill_depth,
            full_pass_ ? 0 : new_from_);
  full_pass_ = false;
  new_from_ = batch_seq_;
}

bool Simulator::place_lease(const Lease& lease, int64_t now) {
  if (lease.job.size > cluster_.free(od_pool_)) {
    if (!policy_.preempts()) return false;
    const auto victims = preemption_victims(cluster_, od_pool_, lease.job.size);
    if (victims.empty()) return false;
    for (int64_t token : victims) preempt(token, now);
  }
  const int64_t token = cluster_.start(lease.job, JobClass::od, od_pool_, now, lease.seq);
  if (!policy_.partitioned()) full_pass_ = true;  // its end now counts in the head's reservation
  events_.push(now + lease.job.runtime, EventKind::job_end, token);
  note(ScheduleEvent::Kind::start, JobClass::od, lease.job, now);
  ++od_.served;
  const int64_t wait = now - lease.job.submit;
  od_.sum_wait += wait;
  od_.max_wait = std::max(od_.max_wait, wait);
  return true;
}

// The preempted job goes back to its place in the queue and will run again from the start.
void Simulator::preempt(int64_t token, int64_t now) {
  const Running r = cluster_.remove(token);
  full_pass_ = true;
  note(ScheduleEvent::Kind::preempt, JobClass::batch, r.job, now);
  batch_.preempted(r.start, now, r.job.size);
  queue_.emplace(r.seq, r.job);
}

Result<Outcome> Simulator::run() {
  if (auto ok = pull(batch_src_, next_batch_); !ok) return ok.error();
  if (auto ok = pull(od_src_, next_lease_); !ok) return ok.error();
  const auto first = next_time();
  if (!first) return Error{"the workload has no jobs: give a trace with at least one job that ran"};
  usage_.start(*first);
  while (const auto now = next_time()) {
    usage_.advance(*now, cluster_.busy(JobClass::batch), cluster_.busy(JobClass::od), cluster_.total_free());
    finish_events(*now);
    if (auto ok = admit(*now); !ok) return ok.error();
    schedule(*now);
  }
  if (!queue_.empty() || !leases_.empty())
    return Error{"simulator bug: work left waiting with nothing running; please report it", 1};
  return outcome();
}

Outcome Simulator::outcome() const {
  Outcome o;
  o.policy = policy_;
  o.t_start = usage_.t_start();
  o.t_end = usage_.now();
  o.batch_node_seconds = usage_.batch_node_seconds();
  o.od_node_seconds = usage_.od_node_seconds();
  o.idle_node_seconds = usage_.idle_node_seconds();
  o.max_batch = usage_.max_batch();
  o.max_od = usage_.max_od();
  o.max_busy = usage_.max_busy();
  o.batch = batch_;
  o.od = od_;
  o.timeline = usage_.timeline().points(o.t_end, policy_.nodes);
  o.timeline_bin_s = usage_.timeline().bin_width();
  o.events = events_done_;
  o.batch_source = batch_src_.describe();
  o.od_source = od_src_.describe();
  return o;
}

}  // namespace

Result<Outcome> simulate(const Policy& policy, JobSource& batch, JobSource& od, const Observer& observe) {
  if (auto ok = check_policy(policy); !ok) return ok.error();
  EmptySource none;
  Simulator sim(policy, policy.has_batch() ? batch : none, policy.has_od() ? od : none, observe);
  return sim.run();
}

}  // namespace vcb::sim
