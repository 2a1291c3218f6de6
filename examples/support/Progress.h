// A textual progress bar for training loops:
//   epoch 12/100 [####............] cost 0.1234  3.2 s
// On a terminal it redraws one line with '\r'; otherwise (CI logs) it prints
// a full line about every 10% so logs stay short.
#pragma once

#include <chrono>
#include <cstdio>
#include <string>

namespace theta::examples {

class Progress {
public:
  Progress(std::string label, int total, std::FILE *out = stderr);
  ~Progress(); // finishes if finish() was not called

  // Records that `done` of `total` steps are complete; a NaN cost is not shown.
  void update(int done, double cost);
  // Prints the final line (and ends the terminal line).
  void finish();

private:
  std::string line() const;

  std::string label_;
  int total_, done_ = 0, printedDone_ = -1;
  double cost_;
  std::FILE *out_;
  bool tty_, finished_ = false;
  std::chrono::steady_clock::time_point start_, lastDraw_;
};

} // namespace theta::examples
