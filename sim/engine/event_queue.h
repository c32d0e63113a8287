#pragma once
// Future events in time order. Ties break by insertion order, so a run never depends on how the
// heap happens to arrange equal times: the same inputs give the same schedule, bit for bit.
#include <cstdint>
#include <queue>
#include <vector>

namespace vcb::sim {

enum class EventKind { job_end, lease_timeout };

struct Event {
  int64_t time = 0;
  EventKind kind = EventKind::job_end;
  int64_t token = 0;  // job_end: the run token; lease_timeout: the request's sequence number
  int64_t seq = 0;    // insertion order
};

class EventQueue {
 public:
  void push(int64_t time, EventKind kind, int64_t token) { heap_.push({time, kind, token, next_seq_++}); }
  bool empty() const { return heap_.empty(); }
  int64_t next_time() const { return heap_.top().time; }
  Event pop() {
    Event e = heap_.top();
    heap_.pop();
    return e;
  }

 private:
  struct Later {
    bool operator()(const Event& a, const Event& b) const {
      return a.time != b.time ? a.time > b.time : a.seq > b.seq;
    }
  };
  std::priority_queue<Event, std::vector<Event>, Later> heap_;
  int64_t next_seq_ = 0;
};

}  // namespace vcb::sim
