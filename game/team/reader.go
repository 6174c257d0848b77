package team

import (
	"crypto/ed25519"

	"firedrill/game/pack"
	"firedrill/game/seal"
	"firedrill/game/sim"
)

// LoadReader is the player's own Reader: their trusted players, their own
// key from the config (an unreadable key only means it is not trusted
// twice), and the packs this firedrill plays, verified. It loads and
// verifies every pack: call it in a command, never in Update.
func LoadReader(daily string) (Reader, error) {
	rd := Reader{Daily: daily}
	store, err := PlayerStore()
	if err != nil {
		return rd, err
	}
	rd.Players = &store
	if path, err := ConfigPath(); err == nil {
		if c, err := LoadConfig(path); err == nil && c.Key != "" {
			if priv, err := seal.ReadPrivateKey(c.Key); err == nil {
				rd.Own = priv.Public().(ed25519.PublicKey)
			}
		}
	}
	packs, _ := pack.Library().Packs()
	rd.Packs = KnownPacks(packs, seal.CheckPacks(packs), sim.Version)
	return rd, nil
}
