// Nothing to import: the target only supplies a symbol the Swift runtime needs on Linux
// (ObservationThreading.c).
