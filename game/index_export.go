package game

// IndexLogs (re)builds s.Index from s.Logs, which must already be sorted by
// time. The loader indexes at load; this is for scenarios built in memory
// (benchmarks, the simulator, tests).
func IndexLogs(s *Scenario) { s.Index = buildIndex(s.Logs) }
