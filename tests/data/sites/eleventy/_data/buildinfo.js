module.exports = () => ({ time: new Date().toISOString() });
