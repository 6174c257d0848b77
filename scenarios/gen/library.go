package main

// library is every pack, in the order the picker shows them.
func library() []Pack {
	return []Pack{
		{ID: "starter", Title: "Starter incidents",
			Description: "Six warm-ups from a small e-commerce backend. The evidence is clear once you look,\nbut the change log is not always where it is.\n",
			Scripts:     []*Script{paymentsDNS(), cacheStampede(), ledgerCert(), vendorDegraded(), lbIdle(), rateLimitEdit()}},
		{ID: "core", Title: "Core incidents",
			Description: "Twelve incidents from a mid-sized shop: more services, more noise, and changes that\nland at exactly the wrong moment. Often nothing in the change log is to blame.\n",
			Scripts:     []*Script{consumerLag(), retryStorm(), poolLeak(), memoryLeak(), pricingFlag(), cpuThrottle(), hotShard(), planFlip(), cronJob(), fixedLimit(), noisyNode(), diskFull()}},
		{ID: "nightmare", Title: "Nightmare incidents",
			Description: "Six incidents for experienced on-call engineers. Most of the evidence is noise,\nsome of it was sampled away, and the change log rarely holds the answer.\n",
			Scripts:     []*Script{probeLoop(), poisonPill(), clockSkew(), dnsNegCache(), conntrack(), migrationLock()}},
	}
}
