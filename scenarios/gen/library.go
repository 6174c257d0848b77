package main

// library is every pack, in the order the picker shows them.
func library() []Pack {
	return []Pack{
		{ID: "starter", Title: "Starter incidents",
			Description: "Three warm-ups from a small e-commerce backend: one failing dependency at a time,\nwith the evidence in more than one signal.\n",
			Scripts:     []*Script{paymentsDNS(), cacheStampede(), ledgerCert()}},
		{ID: "core", Title: "Core incidents",
			Description: "Six incidents of the kinds that page on-call most: retries, pools, memory, flags,\nconsumers and CPU limits. Several pieces of evidence, some of them misleading.\n",
			Scripts:     []*Script{consumerLag(), retryStorm(), poolLeak(), memoryLeak(), pricingFlag(), cpuThrottle()}},
		{ID: "nightmare", Title: "Nightmare incidents",
			Description: "Three incidents for experienced on-call engineers: a trigger that is not the cause,\na single bad record, and a clock. Most of the evidence is noise; some of it is missing.\n",
			Scripts:     []*Script{probeLoop(), poisonPill(), clockSkew()}},
	}
}
