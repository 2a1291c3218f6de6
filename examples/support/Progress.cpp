#include "examples/support/Progress.h"

#include <unistd.h>

#include <cmath>
#include <utility>

namespace theta::examples {

namespace {
using Clock = std::chrono::steady_clock;
constexpr int barWidth = 20;
} // namespace

// lastDraw_ starts at the clock's epoch so that the first update draws at once.
Progress::Progress(std::string label, int total, std::FILE *out)
    : label_(std::move(label)), total_(total > 0 ? total : 1), cost_(NAN), out_(out),
      tty_(isatty(fileno(out))), start_(Clock::now()), lastDraw_() {}

Progress::~Progress() { finish(); }

std::string Progress::line() const {
  int filled = done_ * barWidth / total_;
  double seconds = std::chrono::duration<double>(Clock::now() - start_).count();
  char buffer[64];
  std::string text = label_ + " " + std::to_string(done_) + "/" + std::to_string(total_) + " [" +
                     std::string(filled, '#') + std::string(barWidth - filled, '.') + "]";
  if (!std::isnan(cost_)) {
    std::snprintf(buffer, sizeof buffer, " cost %.4f", cost_);
    text += buffer;
  }
  std::snprintf(buffer, sizeof buffer, "  %.1f s", seconds);
  return text + buffer;
}

void Progress::update(int done, double cost) {
  done_ = done;
  cost_ = cost;
  if (tty_) {
    // Redrawing on every step would make tight loops I/O-bound.
    Clock::time_point now = Clock::now();
    if (now - lastDraw_ < std::chrono::milliseconds(100))
      return;
    lastDraw_ = now;
    std::fprintf(out_, "\r%s\033[K", line().c_str()); // clear a longer old line
  } else {
    // One line per 10% step reached (integer tenths of the total).
    if (printedDone_ >= 0 && done_ * 10 / total_ == printedDone_ * 10 / total_)
      return;
    std::fprintf(out_, "%s\n", line().c_str());
  }
  printedDone_ = done_;
  std::fflush(out_);
}

void Progress::finish() {
  if (finished_)
    return;
  finished_ = true;
  if (tty_)
    std::fprintf(out_, "\r%s\033[K\n", line().c_str());
  else if (printedDone_ != done_)
    std::fprintf(out_, "%s\n", line().c_str());
  std::fflush(out_);
}

} // namespace theta::examples
