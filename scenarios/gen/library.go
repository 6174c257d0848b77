package main

// library is every pack, in the order the picker shows them.
func library() []Pack {
	return []Pack{
		{ID: "starter", Title: "Starter incidents",
			Description: "Three warm-ups from a small e-commerce backend: one failing dependency at a time,\nwith the evidence in more than one signal.\n",
			Scripts:     []*Script{paymentsDNS(), cacheStampede(), ledgerCert()}},
	}
}
