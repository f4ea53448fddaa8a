#pragma once

#include "cliargs.h"
#include "storeerror.h"

namespace bb::cli {

// Commands that need no network. Each returns the process exit code.
int runValidate(const Arguments &args);
int runImport(const Arguments &args, const QString &projectPath);
int runImportReport(const Arguments &args, const QString &projectPath);
int runStatus(const Arguments &args, const QString &projectPath);
int runExport(const Arguments &args, const QString &projectPath);

// Prints to stderr, each line prefixed with the program name.
void printError(const QString &message);
void printOut(const QString &text);
// A user-facing explanation of why the project could not be opened.
QString describe(const bb::StoreError &error, const QString &path);

} // namespace bb::cli
