//===- theta/Debugprint.h - printing and drawing graphs -------------------===//
//
//   theta::Variable x = theta::fmatrix("x"), y = theta::fmatrix("y");
//   theta::Variable z = x * y + x;
//   theta::debugprint(z, std::cout);   // Theano's theano.printing.debugprint
//   std::cout << z;                    // theta.add.0 (Theano's `print z`)
//   std::cout << theta::pp(z);         // ((x * y) + x)
//   theta::pydotprint(f, "graph.png", {sample_x});  // Graphviz drawing
//
//===----------------------------------------------------------------------===//
#ifndef THETA_API_DEBUGPRINT_H
#define THETA_API_DEBUGPRINT_H

#include "runtime/Array.h"
#include "theta/Function.h"
#include "theta/Variable.h"

#include <iosfwd>
#include <string>
#include <vector>

namespace theta {

/// Prints the graph that computes `outputs` as Theano's debugprint does: one
/// line per node, children indented under their user (" |"), an id per node
/// ([id A], [id B], ... Z, BA, ...) given in the order first visited; a node
/// seen before prints only its id line, not its inputs again. Each line has
/// the op ("theta.add"; "theta.scan.1" for result 1 of a multi-result op) or
/// the input's name, the node's name in quotes (op results), the type
/// ("TensorType(float32, matrix)") and the file:line where it was built.
/// Inputs from shared variables say "shared"; constants print as
/// TensorConstant{value}. The bodies of scans follow under "Inner graphs of
/// the scan ops:", their lines marked " >". Throws ArgumentError on an empty
/// Variable.
void debugprint(const Variable &output, std::ostream &out);
void debugprint(const std::vector<Variable> &outputs, std::ostream &out);
std::string debugprint(const Variable &output);
std::string debugprint(const std::vector<Variable> &outputs);

/// For a function, two sections. "user graph": the function as built (its
/// outputs, then the new value of each updated shared variable, marked
/// "-> update of 'w'"). "optimized graph": the theta graph the compiler
/// lowers for one signature, after type refinement, stabilization, autodiff,
/// canonicalization and CSE, with static shapes ("float32[3x4]"); the theta
/// ops that elementwise fusion puts into one loop nest are marked
/// "[fused N]" (the same N for one loop nest), and the section ends with the
/// list of fused groups.
///
/// The signature comes from `arguments` (the inputs, as for a call; shared
/// variables contribute their current values). Without arguments, the
/// signature of a compiled specialization is used (one of them, if the
/// function was called with several); if the function was never called, the
/// optimized section says that arguments are needed. Throws what a call
/// would for arguments of the wrong rank or dtype, and ShapeError for
/// shapes that do not fit.
void debugprint(const Function &function, std::ostream &out,
                const std::vector<Array> &arguments = {});
std::string debugprint(const Function &function, const std::vector<Array> &arguments = {});

/// Theano's `print a`: the name; for an unnamed op result the op and the
/// result's index ("theta.add.0"); for an unnamed input its type in angle
/// brackets ("<TensorType(float32, matrix)>"); a constant as
/// TensorConstant{2.0}; "<empty Variable>" for a default-constructed one.
std::ostream &operator<<(std::ostream &out, const Variable &variable);

/// Theano's `pp`: the graph as one infix formula, "((x * y) + exp(x))".
/// Elementwise binary ops are infix and fully parenthesized, other ops are
/// calls ("dot(x, W)", "sum(x)"); inputs print their names, constants their
/// values. A shared sub-expression is written out at each use.
std::string pp(const Variable &variable);

/// Graphviz drawing (Theano's pydotprint): one box per op, input and shared
/// variable, an edge from each operand to its user, boxes filled by kind:
/// inputs green, shared variables yellow, constants white, elementwise ops
/// blue, products (dot, gemm) red, convolutions and pooling purple, loops
/// (scan) orange, other ops grey (the kind is also each node's tooltip).
/// Labels give the op, the name, the type or static shape and the file:line;
/// outputs and updates have a double border and say which they are.
///
/// The format comes from `format` ("png", "svg", "pdf", "dot", ...) or,
/// when empty, from the file's extension (.dot and .gv write the DOT text,
/// without Graphviz; anything else unknown is png). Runs Graphviz's `dot`
/// (Debian package graphviz), found on PATH; throws theta::Error saying to
/// install graphviz when there is none, and IOError when it fails.
void pydotprint(const Variable &output, const std::string &path, const std::string &format = "");
void pydotprint(const std::vector<Variable> &outputs, const std::string &path,
                const std::string &format = "");
/// A function is drawn as its optimized graph, with static shapes and a
/// dashed box around each fused group, when a signature is known (from
/// `arguments` or, without them, from a compiled specialization, as for
/// debugprint); otherwise as its user graph with types.
void pydotprint(const Function &function, const std::string &path,
                const std::vector<Array> &arguments = {}, const std::string &format = "");

/// The DOT text pydotprint hands to Graphviz.
std::string pydot_text(const Variable &output);
std::string pydot_text(const std::vector<Variable> &outputs);
std::string pydot_text(const Function &function, const std::vector<Array> &arguments = {});

} // namespace theta

#endif // THETA_API_DEBUGPRINT_H
