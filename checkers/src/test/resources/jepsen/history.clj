(ns jepsen.history
  "Stand-in for jepsen.history: marks the ops as wrapped, as Elle 0.2.x requires a history object.")

(defn history
  ([ops] (history ops {}))
  ([ops opts] {:wrapped true :ops ops :dense? (boolean (:dense-indices? opts))}))

(defn ensure-pair-index [history] history)
