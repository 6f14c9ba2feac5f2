(ns elle.list-append
  "Stand-in for Elle's entry point, for testing paxsim's bridge without Clojars: it checks that the
  history arrives in the shape Elle expects and reports duplicate elements like Elle would.")

(defn- well-formed-op? [op]
  (and (map? op)
       (#{:invoke :ok :fail :info} (:type op))
       (integer? (:process op))
       (integer? (:index op))
       (= :txn (:f op))
       (vector? (:value op))
       (every? (fn [[f k v]] (and (keyword? f) (some? k) (or (nil? v) (integer? v) (vector? v))))
               (:value op))))

(defn check
  [opts history]
  (let [ops (:ops history)]
    (cond
      (not (:wrapped history))
      {:valid? :unknown :error "history was not wrapped by jepsen.history/history"}

      (not= [:strict-serializable] (:consistency-models opts))
      {:valid? :unknown :error (str "unexpected opts " (pr-str opts))}

      (not (every? well-formed-op? ops))
      {:valid? :unknown :error "malformed ops"}

      :else
      (let [dups (for [op ops
                       :when (= :ok (:type op))
                       [f k v] (:value op)
                       :when (and (= :r f) (not= (count v) (count (distinct v))))]
                   {:op op :key k :value v})]
        (if (seq dups)
          {:valid? false :anomaly-types [:duplicate-elements] :anomalies {:duplicate-elements (vec dups)}}
          {:valid? true})))))
