package main

// library is every pack, in the order the picker shows them.
func library() []Pack {
	return []Pack{
		{ID: "starter", Title: "Starter incidents",
			Description: "Three warm-ups from a small e-commerce backend, with the evidence in more than one\nsignal and a red herring or two.\n",
			Scripts:     []*Script{paymentsDNS(), cacheStampede(), ledgerCert()}},
		{ID: "core", Title: "Core incidents",
			Description: "Twelve incidents from a mid-sized shop: more services, more noise, and changes that\nland at exactly the wrong moment. Often nothing in the change log is to blame.\n",
			Scripts:     []*Script{consumerLag(), retryStorm(), poolLeak(), memoryLeak(), pricingFlag(), cpuThrottle(), hotShard(), planFlip(), cronJob(), fixedLimit(), noisyNode(), diskFull()}},
		{ID: "nightmare", Title: "Nightmare incidents",
			Description: "Three incidents for experienced on-call engineers. Most of the evidence is noise,\nsome of it was sampled away, and the loudest story is never the right one.\n",
			Scripts:     []*Script{probeLoop(), poisonPill(), clockSkew()}},
	}
}
