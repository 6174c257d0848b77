package play

import "firedrill/game/internal/fsx"

// DataDir is where firedrill keeps what a player made: sessions, interview
// results, the leaderboard and installed packs. It is
// $XDG_DATA_HOME/firedrill, else ~/.local/share/firedrill.
func DataDir() (string, error) { return fsx.DataDir() }
