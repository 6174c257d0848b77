package main

// spread is p limited to each of n equal parts of the period from..to, one
// item per part: a line that recurs through the whole incident is proven
// wherever the player pins it, by items each narrow enough to prove
// something (a log proof may match at most 2 % of the lines).
func spread(p Proof, from, to float64, n int) []Proof {
	d := (to - from) / float64(n)
	out := make([]Proof, n)
	for i := range n {
		out[i] = p.Within(from+float64(i)*d, from+float64(i+1)*d)
	}
	return out
}
